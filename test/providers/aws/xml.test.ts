import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import * as fx from '../../../mocks/aws/fixtures.js';
import { libraryOptions, plainXml, xmlReader } from '../../../providers/aws/xml.js';

const ARRAYS = ['Grant', 'Rule', 'Bucket'];
const always = new Set(ARRAYS);
/** The library with the options the reader documents: the reference for every document. */
const library = new XMLParser(libraryOptions(ARRAYS));

const bodies: Record<string, string | undefined> = {
  listBuckets: fx.listBuckets({ id: 'o1', name: 'owner' }, [
    { name: 'a', region: 'eu-west-1' },
    { name: 'b' },
    { name: 'c.d-e', region: 'us-east-1' },
  ]).body,
  listBucketsOne: fx.listBuckets({ id: 'o1', name: 'owner' }, [{ name: 'only' }]).body,
  listBucketsNone: fx.listBuckets({ id: 'o1', name: 'owner' }, []).body,
  policyStatus: fx.policyStatus(true).body,
  acl: fx.bucketAcl('owner-id', [
    { group: 'http://acs.amazonaws.com/groups/global/AllUsers', permission: 'READ' },
    { id: 'other', permission: 'WRITE' },
  ]).body,
  aclOneGrant: fx.bucketAcl('owner-id', [{ id: 'x', permission: 'FULL_CONTROL' }]).body,
  aclNoGrant: fx.bucketAcl('owner-id', []).body,
  pab: fx.bucketPab({ BlockPublicAcls: true, IgnorePublicAcls: false, BlockPublicPolicy: true, RestrictPublicBuckets: false })
    .body,
  ownership: fx.ownershipControls('BucketOwnerEnforced').body,
  website: fx.website('index.html').body,
  requestPayment: fx.requestPayment('Requester').body,
  noSuchPolicy: fx.S3_ERRORS.noSuchBucketPolicy().body,
  accessDenied: fx.S3_ERRORS.accessDenied().body,
  controlError: fx.controlError(404, 'NoSuchPublicAccessBlockConfiguration', 'none & <nothing>').body,
  accountPab: fx.accountPab({ BlockPublicAcls: true }).body,
  callerIdentity: fx.callerIdentity('111122223333').body,
  queryError: fx.queryError(403, 'AccessDenied', 'not "you"').body,
  aliases: fx.listAccountAliases(['one', 'two']).body,
  // shapes the fixtures do not make: prefixes, quotes, attributes with text, empty and self-closing elements
  prefixed: '<s3:Error xmlns:s3="urn:x"><s3:Code>X</s3:Code><s3:Message a="1">m</s3:Message></s3:Error>',
  singleQuotes: "<?xml version='1.0'?><A x='1' y = \"2\"><B z='3'/><C></C><D/>\n  <E>  spaced  text </E></A>",
  entities: '<A><B>a &amp;amp; b &#38; &lt;c&gt;</B><C k="&quot;q&quot;"/></A>',
  repeated: '<A><B>1</B><B>2</B><B><C>3</C></B><Rule><X>1</X></Rule></A>',
  attrsAndKids: '<A xmlns="urn:a" id="7"><Grant><Grantee xmlns:xsi="urn:xsi" xsi:type="Group"><URI>u</URI></Grantee></Grant></A>',
  whitespaceOnly: '<A>\n  <B>\n  </B>\n</A>\n',
};

describe('S3 XML reader', () => {
  it.each(Object.entries(bodies))('%s: read in one pass, as fast-xml-parser reads it', (_name, body) => {
    const text = body as string;
    const mine = plainXml(text, always);
    expect(mine).toBeDefined(); // the fast path, not the library fallback
    expect(mine).toEqual(library.parse(text));
  });

  const leftToLibrary: Record<string, string> = {
    comment: '<A><!-- note --><B>1</B></A>',
    cdata: '<A><B><![CDATA[<x>]]></B></A>',
    doctype: '<!DOCTYPE A><A><B>1</B></A>',
    processingInstruction: '<A><?pi x?><B>1</B></A>',
    mixed: '<A>text<B>1</B></A>',
    mixedAfter: '<A><B>1</B>tail</A>',
    textBeforeRoot: 'junk<A/>',
    twoRoots: '<A/><B/>',
    unclosed: '<A><B>1</B>',
    mismatched: '<A><B>1</C></A>',
    html: '<html><body><p>Proxy error<br></p></body></html>',
    empty: '',
  };
  it.each(Object.entries(leftToLibrary))('%s: left to the library, with its result or its error', (_name, text) => {
    expect(plainXml(text, always)).toBeUndefined();
    const reader = xmlReader(ARRAYS);
    let expected: unknown;
    try {
      expected = library.parse(text);
    } catch (err) {
      expect(() => reader.parse(text)).toThrow((err as Error).message);
      return;
    }
    expect(reader.parse(text)).toEqual(expected);
  });

  it('generated documents: the same objects as the library (500 trees)', () => {
    let seed = 42;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const names = ['Grant', 'Rule', 'Bucket', 'Name', 'ID', 'x:Value', 'Owner'];
    const texts = ['', ' ', 'plain', ' padded ', 'a &amp; b', '&#x26;', 'line\nbreak', '0', 'true'];
    const attr = () =>
      rnd(3) === 0 ? '' : ` ${['id', 'xsi:type', 'xmlns', 'xmlns:p', 'k'][rnd(5)]}="${['', 'v', 'a &amp; b'][rnd(3)]}"`;
    const element = (depth: number): string => {
      const name = names[rnd(names.length)] as string;
      const a = attr();
      const form = depth > 3 ? rnd(3) : rnd(4);
      if (form === 0) return `<${name}${a}/>`;
      if (form === 1 || form === 2) return `<${name}${a}>${texts[rnd(texts.length)]}</${name}>`;
      const kids = Array.from({ length: 1 + rnd(4) }, () => element(depth + 1)).join(rnd(2) ? '\n  ' : '');
      return `<${name}${a}>${kids}</${name}>`;
    };
    let fast = 0;
    for (let i = 0; i < 500; i++) {
      const doc = `${rnd(2) ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<Root${attr()}>${element(0)}${element(0)}</Root>`;
      const mine = plainXml(doc, always);
      if (mine !== undefined) fast += 1;
      expect(mine ?? xmlReader(ARRAYS).parse(doc), doc).toEqual(library.parse(doc));
    }
    expect(fast).toBe(500);
  });

  it('a 10,000-bucket ListBuckets answer', () => {
    const buckets = Array.from({ length: 10_000 }, (_, i) => ({ name: `b-${i}`, region: i % 2 ? 'eu-west-1' : undefined }));
    const text = fx.listBuckets({ id: 'o', name: 'n' }, buckets).body as string;
    const doc = xmlReader(ARRAYS).parse(text) as { ListAllMyBucketsResult: { Buckets: { Bucket: unknown[] } } };
    expect(doc).toEqual(library.parse(text));
    expect(doc.ListAllMyBucketsResult.Buckets.Bucket).toHaveLength(10_000);
  });
});
