import { describe, expect, it } from 'vitest';
import { linesOf, parseTargets, redactTarget } from '../../src/probe/targets.js';

/** A rejected target line is echoed (report "errors", stderr): a credential pasted in it must not be. */
describe('target errors never repeat a credential', () => {
  const SECRET = 'S3CR3TSIGxyz';
  const cases: [string, string][] = [
    ['Azure SAS URL', `https://acct.blob.core.windows.net/c/blob.txt?sv=2022-11-02&ss=b&sig=${SECRET}`],
    ['Azure SAS URL (container)', `https://acct.blob.core.windows.net/c?sp=rl&sig=${SECRET}`],
    ['S3 presigned URL', `https://b.s3.amazonaws.com/k?X-Amz-Credential=AKIAEXAMPLE&X-Amz-Signature=${SECRET}`],
    ['GCS signed URL', `https://storage.googleapis.com/b/o?X-Goog-Signature=${SECRET}`],
    ['fragment', `https://b.s3.amazonaws.com/k#${SECRET}`],
    ['password in userinfo', `https://user:${SECRET}@b.s3.amazonaws.com/`],
    ['az:// with a SAS', `az://acct/c?sig=${SECRET}`],
    ['s3:// with a query', `s3://bucket/key?X-Amz-Signature=${SECRET}`],
    ['s3:// with userinfo', `s3://AKIA:${SECRET}@bucket`],
    ['http (refused) with a SAS', `http://acct.blob.core.windows.net/c?sig=${SECRET}`],
    ['unsupported scheme', `ftp://u:${SECRET}@host/x`],
    ['not a provider URL', `https://example.com/x?token=${SECRET}`],
    ['bare name with a query (--provider aws)', `bucket?sig=${SECRET}`],
  ];
  for (const [name, line] of cases) {
    it(name, () => {
      const { targets, errors } = parseTargets(linesOf(`# list\n${line}\n`, 'targets.txt'), { provider: 'aws' });
      expect(targets).toEqual([]);
      expect(errors).toHaveLength(1);
      const e = errors[0]!;
      expect([e.file, e.line]).toEqual(['targets.txt', 2]);
      expect(JSON.stringify(e)).not.toContain(SECRET);
      expect(e.message).toMatch(/<redacted>/);
    });
  }

  it('redactTarget keeps what identifies the target', () => {
    expect(redactTarget('https://acct.blob.core.windows.net/c/b?sig=x')).toBe(
      'https://acct.blob.core.windows.net/c/b?<redacted>',
    );
    expect(redactTarget('https://u:p@h/x')).toBe('https://<redacted>@h/x');
    expect(redactTarget('s3://bucket/key')).toBe('s3://bucket/key');
  });
});
