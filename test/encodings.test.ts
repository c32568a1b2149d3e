/**
 * Plan JSON, .tf, report, config and target-list files in the encodings Windows tools write: Windows PowerShell 5.1's
 * `terraform show -json plan > plan.json` is UTF-16 LE with a byte order mark; Out-File and editors add a UTF-8 BOM.
 * Read as UTF-8 they were "invalid JSON" at line 1 (the CI gate stopped with exit 2 on a good plan).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReport } from '../src/baseline/index.js';
import { loadConfig } from '../src/config/load.js';
import { renderJson } from '../src/report/json.js';
import { decodeText } from '../src/runtime/text.js';
import { loadTerraform } from '../src/terraform/index.js';
import { runCli } from './helpers/cli.js';
import { auditLoad, verdictsOf } from './terraform/audit-load.js';

const PLAN = 'mocks/terraform/s3-public-policy/plan.json';
const TF = 'mocks/terraform/s3-public-policy/main.tf';

const utf16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const utf16be = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]);
const utf8bom = (s: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]);
const encodings: [string, (s: string) => Buffer][] = [
  ['UTF-16 LE with BOM (Windows PowerShell >)', utf16le],
  ['UTF-16 BE with BOM', utf16be],
  ['UTF-8 with BOM', utf8bom],
];

async function alone(name: string, bytes: Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ba-encoding-'));
  const file = join(dir, name);
  await writeFile(file, bytes);
  return file;
}

describe('files in the encodings Windows writes', () => {
  it.each(encodings)('a plan JSON in %s: the same verdicts as the UTF-8 plan', async (_n, encode) => {
    const text = await readFile(PLAN, 'utf8');
    const want = await verdictsOf(await loadTerraform([await alone('plan.json', Buffer.from(text))], '/'));
    expect(Object.values(want)).toContain('PUBLIC');
    const got = await verdictsOf(await loadTerraform([await alone('plan.json', encode(text))], '/'));
    expect(got).toEqual(want);
  });

  it.each(encodings)('a .tf file in %s: the same verdicts as in UTF-8', async (_n, encode) => {
    const text = await readFile(TF, 'utf8');
    const want = await verdictsOf(await loadTerraform([await alone('main.tf', Buffer.from(text))], '/'));
    expect(Object.values(want)).toContain('PUBLIC');
    expect(await verdictsOf(await loadTerraform([await alone('main.tf', encode(text))], '/'))).toEqual(want);
  });

  it.each(encodings)('a --baseline report saved in %s is read as the UTF-8 one', async (_n, encode) => {
    const report = await auditLoad(await loadTerraform([PLAN], process.cwd()));
    const text = renderJson(report);
    const want = await readReport(await alone('old.json', Buffer.from(text)));
    expect(want.resources.length).toBeGreaterThan(0);
    expect(await readReport(await alone('old.json', encode(text)))).toEqual(want);
  });

  it.each(encodings)('bucketaudit.yaml in %s reads as in UTF-8', async (_n, encode) => {
    const yaml = 'failOn: high\ntrustZone:\n  awsAccounts: ["111122223333"]\n';
    const want = await loadConfig(await alone('bucketaudit.yaml', Buffer.from(yaml)));
    expect(want.failOn).toBe('high');
    expect(await loadConfig(await alone('bucketaudit.yaml', encode(yaml)))).toEqual(want);
  });

  it.each(encodings)('probe --from-file in %s: its names are read, not bytes of another encoding', async (_n, encode) => {
    const file = await alone('targets.txt', encode('s3://Bad_Bucket\r\n'));
    const r = await runCli(['probe', '--from-file', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:1: invalid S3 bucket name "Bad_Bucket"`);
  });

  it('decodeText: no BOM is UTF-8; an odd trailing byte of UTF-16 BE is dropped, not thrown', () => {
    expect(decodeText(Buffer.from('{"a":"é"}', 'utf8'))).toBe('{"a":"é"}');
    expect(decodeText(Buffer.concat([utf16be('{}'), Buffer.from([0x00])]))).toBe('{}');
    expect(decodeText(utf16le('x\r\ny'))).toBe('x\r\ny');
  });
});
