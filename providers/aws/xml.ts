import { XMLParser, type X2jOptions } from 'fast-xml-parser';

/**
 * XML answers of S3 read as plain objects, in the shape fast-xml-parser gives with the options below (element
 * names without namespace prefix, attributes merged into their element's object without prefix and without the
 * xmlns ones, text as raw strings with entities left for the caller, `<X/>` as ''). `isArray` names are always
 * arrays; other repeated names become arrays.
 *
 * Why not fast-xml-parser alone: on the hot path of a scan it was 7% of a reader thread's CPU, and a 10,000-bucket
 * ListBuckets answer (1.2 MB) took it 80 to 160 ms, against 8 to 12 ms here; its many functions also take the JIT
 * longer to warm up in a fresh thread. S3 answers are small documents of plain elements, which this reader
 * handles in one pass. Anything else (comments, CDATA, a DOCTYPE, processing instructions after the declaration,
 * text mixed with elements, a malformed document) goes to fast-xml-parser, so the result and its errors are the
 * library's (test/providers/aws/xml.test.ts compares the two on every fixture and on generated documents).
 */
export type Xml = Record<string, unknown>;

export interface XmlReader {
  parse(text: string): Xml;
}

/** fast-xml-parser's options for the shape this reader gives (the reference the tests compare it with). */
export function libraryOptions(arrays: readonly string[]): X2jOptions {
  const always = new Set(arrays);
  return {
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: true,
    ignoreDeclaration: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // Entities are decoded by the caller, in one pass (see s3-http.ts decodeRefs).
    processEntities: false,
    htmlEntities: false,
    isArray: (name) => always.has(name),
  };
}

/** A reader whose elements named in `arrays` are always arrays. */
export function xmlReader(arrays: readonly string[]): XmlReader {
  const always = new Set(arrays);
  const library = new XMLParser(libraryOptions(arrays));
  return {
    parse: (text) => plainXml(text, always) ?? (library.parse(text) as Xml),
  };
}

interface Frame {
  name: string;
  /** Attributes and children; null while the element has neither. */
  obj: Xml | null;
  /** Whether it has child elements. */
  kids: boolean;
  text: string;
}

// A start or end tag at the current position: name, attributes (quoted values), optional '/'.
const TAG = /<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTR = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
const DECLARATION = /^\s*<\?xml\s[^?]*\?>/;

const local = (name: string) => {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
};

function attributes(raw: string): Xml | null {
  if (raw === '') return null;
  let out: Xml | null = null;
  for (const m of raw.matchAll(ATTR)) {
    const name = m[1] as string;
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    out ??= {};
    out[local(name)] = m[2] ?? m[3] ?? '';
  }
  return out;
}

function add(parent: Frame, name: string, value: unknown, always: ReadonlySet<string>): void {
  parent.obj ??= {};
  const obj = parent.obj;
  const had = obj[name];
  if (always.has(name)) {
    if (had === undefined) obj[name] = [value];
    else (had as unknown[]).push(value);
  } else if (had === undefined) obj[name] = value;
  else if (Array.isArray(had)) had.push(value);
  else obj[name] = [had, value];
}

/** The document read in one pass, or undefined for anything this reader leaves to the library (exported for tests). */
export function plainXml(text: string, always: ReadonlySet<string>): Xml | undefined {
  const decl = DECLARATION.exec(text);
  let at = decl ? decl[0].length : 0;
  const root: Frame = { name: '', obj: null, kids: false, text: '' };
  const stack: Frame[] = [root];
  let top = root;
  for (;;) {
    const lt = text.indexOf('<', at);
    const chunk = text.slice(at, lt < 0 ? text.length : lt);
    if (top.kids) {
      if (chunk.trim() !== '') return undefined; // text outside the root, or mixed with elements
    } else top.text += chunk;
    if (lt < 0) break;
    TAG.lastIndex = lt;
    const m = TAG.exec(text);
    if (!m) return undefined; // a comment, CDATA, DOCTYPE, PI, or something malformed
    at = TAG.lastIndex;
    const [, close, rawName, rawAttrs, selfClosing] = m as unknown as [string, string, string, string, string];
    if (close) {
      if (rawAttrs !== '' || selfClosing || top === root || top.name !== rawName) return undefined;
      stack.pop();
      const done = top;
      top = stack[stack.length - 1] as Frame;
      const value = done.text.trim();
      add(
        top,
        local(rawName),
        done.kids ? done.obj : done.obj ? (value ? { ...done.obj, '#text': value } : done.obj) : value,
        always,
      );
      continue;
    }
    if (top === root ? root.obj !== null || root.text.trim() !== '' : top.text.trim() !== '') return undefined;
    top.kids = true;
    const attrs = attributes(rawAttrs);
    if (selfClosing) add(top, local(rawName), attrs ?? '', always);
    else {
      top = { name: rawName, obj: attrs, kids: false, text: '' };
      stack.push(top);
    }
  }
  if (stack.length !== 1 || root.obj === null) return undefined;
  return root.obj;
}
