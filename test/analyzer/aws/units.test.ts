import { describe, expect, it } from 'vitest';
import { catalogAction, S3_ACTION_CATALOG_VERSION, S3_ACTIONS } from '../../../src/analyzer/aws/action-catalog.js';
import { matchActions } from '../../../src/analyzer/aws/actions.js';
import { cidrContains, isBroad, isNonRoutable, parseCidr } from '../../../src/analyzer/aws/cidr.js';
import {
  allowEntryOutcome,
  bpaPins,
  denyEntryAlwaysTrue,
  evalTime,
  parseOperator,
} from '../../../src/analyzer/aws/conditions.js';
import { globCovers, globMatch, globRemainders } from '../../../src/analyzer/aws/glob.js';
import { parsePolicy } from '../../../src/analyzer/aws/policy-parse.js';
import { scopeOfKeyPattern } from '../../../src/analyzer/aws/resources.js';
import { NOW, OWNER } from './builders.js';

describe('cidr', () => {
  it.each([
    ['203.0.113.0/24', 4, 24],
    ['198.51.100.7', 4, 32],
    ['2001:db8::/32', 6, 32],
    ['::1', 6, 128],
    ['::/0', 6, 0],
    ['::ffff:10.0.0.1/128', 6, 128],
    ['fe80::1:2:3:4/64', 6, 64],
    ['1:2:3:4:5:6:7:8', 6, 128],
  ] as const)('parses %s', (s, v, p) => {
    const c = parseCidr(s);
    expect(c?.version).toBe(v);
    expect(c?.prefix).toBe(p);
  });
  it.each(['256.0.0.1', '1.2.3', '10.0.0.0/33', '::1/129', '1::2::3', 'gggg::', '', '*', '10.0.0.0/-1', '1:2:3:4:5:6:7:8:9'])(
    'rejects %s',
    (s) => {
      expect(parseCidr(s)).toBeUndefined();
    },
  );
  it.each([
    ['10.1.2.0/24', true],
    ['172.31.255.255', true],
    ['172.32.0.0/16', false],
    ['192.168.1.1', true],
    ['100.64.0.0/10', true],
    ['100.128.0.0/16', false],
    ['169.254.169.254', true],
    ['127.0.0.1', true],
    ['203.0.113.0/24', false],
    ['2001:db8::/32', false],
    ['fd12:3456::/48', true],
    ['fe80::/10', true],
    ['::1', true],
    ['8.8.8.8', false],
  ] as const)('non-routable %s = %s (documentation ranges are public)', (s, want) => {
    expect(isNonRoutable(parseCidr(s)!)).toBe(want);
  });
  it.each([
    ['0.0.0.0/0', true],
    ['8.0.0.0/7', true],
    ['8.0.0.0/8', false],
    ['2001::/31', true],
    ['2001:db8::/32', false],
    ['fc00::/7', false],
  ] as const)('broad %s = %s', (s, want) => {
    expect(isBroad(parseCidr(s)!)).toBe(want);
  });
  it('containment', () => {
    expect(cidrContains(parseCidr('10.0.0.0/8')!, parseCidr('10.9.0.0/16')!)).toBe(true);
    expect(cidrContains(parseCidr('10.0.0.0/16')!, parseCidr('10.0.0.0/8')!)).toBe(false);
    expect(cidrContains(parseCidr('10.0.0.0/8')!, parseCidr('::1')!)).toBe(false);
  });
});

describe('glob', () => {
  it.each([
    ['s3:Get*', 's3:GetObject', true, true],
    ['s3:get*', 's3:GetObject', true, true],
    ['s3:get*', 's3:GetObject', false, false],
    ['s3:GetObjec?', 's3:GetObject', false, true],
    ['*', 'anything', false, true],
    ['a*b*c', 'axxbyyc', false, true],
    ['a*b*c', 'axxbyy', false, false],
  ] as const)('match %s ~ %s', (p, t, ci, want) => {
    expect(globMatch(p, t, ci)).toBe(want);
  });
  it.each([
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/pub/*', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/*', true],
    ['arn:aws:s3:::b/pub/*', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/*', false],
    ['arn:aws:s3:::b/?', 'arn:aws:s3:::b/a', true],
    ['arn:aws:s3:::b/*.txt', 'arn:aws:s3:::b/*', false],
    ['*', 'arn:aws:s3:::b/?x*', true],
  ] as const)('covers %s ⊇ %s', (o, i, want) => {
    expect(globCovers(o, i)).toBe(want);
  });
  it('remainders after a literal prefix', () => {
    expect(globRemainders('arn:aws:s3:::b/pub/*', 'arn:aws:s3:::b/')).toEqual(['pub/*']);
    expect(globRemainders('*', 'arn:aws:s3:::b/')).toContain('*');
    expect(globRemainders('arn:aws:s3:::c/*', 'arn:aws:s3:::b/')).toEqual([]);
    expect(globRemainders('arn:aws:s3:::b*', 'arn:aws:s3:::b/')).toContain('*');
  });
  it.each([
    ['*', 'bucket'],
    ['**', 'bucket'],
    ['pub/*', 'prefix:pub/'],
    ['index.html', 'object:index.html'],
    ['*.pdf', 'prefix:*.pdf'],
  ])('scope of %s', (k, s) => {
    expect(scopeOfKeyPattern(k)).toBe(s);
  });
});

describe('action catalog (A-8)', () => {
  it('is versioned and has unique names', () => {
    expect(S3_ACTION_CATALOG_VERSION).toMatch(/^sar-s3-/);
    const names = S3_ACTIONS.map((a) => a.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
  });
  it.each([
    ['s3:ListBucket', 'LIST', 'bucket'],
    ['s3:GetObject', 'READ', 'object'],
    ['s3:PutObject', 'WRITE', 'object'],
    ['s3:RestoreObject', 'WRITE', 'object'],
    ['s3:GetBucketPolicy', 'READ_ACP', 'bucket'],
    ['s3:GetObjectAcl', 'READ_ACP', 'object'],
    ['s3:PutBucketAcl', 'ADMIN', 'bucket'],
    ['s3:PutObjectAcl', 'ADMIN', 'object'],
    ['s3:DeleteBucket', 'ADMIN', 'bucket'],
    ['s3:GetBucketLocation', 'META', 'bucket'],
  ] as const)('%s => %s on %s', (n, cls, kind) => {
    expect(catalogAction(n)).toMatchObject({ cls, kind });
  });
  it('NotAction is the complement', () => {
    const not = matchActions(['s3:Delete*'], true).map((a) => a.name);
    expect(not).toContain('s3:PutObject');
    expect(not).toContain('s3:PutBucketPolicy');
    expect(not).not.toContain('s3:DeleteObject');
    expect(matchActions(['*'], false)).toHaveLength(S3_ACTIONS.length);
  });
});

describe('conditions', () => {
  it.each([
    ['ForAnyValue:StringLikeIfExists', { set: 'any', base: 'stringlike', ifExists: true, negated: false, known: true }],
    ['StringNotEquals', { base: 'stringnotequals', negated: true, known: true }],
    ['NotIpAddress', { family: 'ip', negated: true }],
    ['Null', { family: 'null', known: true }],
    ['NullIfExists', { known: false }],
    ['Bogus', { known: false }],
  ] as const)('parses operator %s', (op, want) => {
    expect(parseOperator(op)).toMatchObject(want);
  });

  const e = (operator: string, key: string, ...values: string[]) => ({ operator, key, values });
  it.each([
    [e('StringEquals', 'aws:PrincipalOrgID', 'o-1'), 'bucket', true],
    [e('StringEquals', 'aws:SourceVpce', 'vpce-1'), 'bucket', true],
    [e('StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1'), 'bucket', false],
    [e('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), 'bucket', false],
    [e('ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-1'), 'bucket', false],
    [e('ForAnyValue:StringEquals', 'aws:PrincipalOrgID', 'o-1'), 'bucket', true],
    [e('StringLike', 'aws:PrincipalOrgID', 'o-*'), 'bucket', false],
    [e('IpAddress', 'aws:SourceIp', '203.0.113.0/24'), 'bucket', true],
    [e('IpAddress', 'aws:SourceIp', '0.0.0.0/0'), 'bucket', false],
    [e('StringEquals', 'aws:Referer', 'x'), 'bucket', false],
    [e('StringLike', 's3:DataAccessPointArn', `arn:aws:s3:us-west-2:${OWNER}:accesspoint/*`), 'bucket', true],
    [e('StringLike', 's3:DataAccessPointArn', `arn:aws:s3:us-west-2:${OWNER}:accesspoint/*`), 'access-point', false],
    [e('StringLike', 's3:DataAccessPointArn', 'arn:aws:s3:us-west-2:*:accesspoint/*'), 'bucket', false],
    [e('Null', 'aws:PrincipalOrgID', 'false'), 'bucket', false],
    [e('StringEquals', 'aws:userid', 'AIDAX'), 'bucket', true],
    [e('StringEquals', 's3:x-amz-server-side-encryption-aws-kms-key-id', 'k'), 'bucket', false],
  ] as const)('bpaPins %o in %s policy => %s', (entry, kind, want) => {
    expect(bpaPins(entry, kind).pins).toBe(want);
  });

  it.each([
    [e('DateLessThan', 'aws:CurrentTime', '2030-01-01T00:00:00Z'), true],
    [e('DateLessThan', 'aws:CurrentTime', '2020-01-01T00:00:00Z'), false],
    [e('DateGreaterThanEquals', 'aws:CurrentTime', '2026-01-15T12:00:00Z'), true],
    [e('DateNotEquals', 'aws:CurrentTime', '2026-01-15T12:00:00Z'), false],
    [e('NumericGreaterThan', 'aws:EpochTime', '1577836800'), true],
    [e('DateLessThan', 'aws:EpochTime', '1577836800'), false],
    [e('DateLessThanIfExists', 'aws:CurrentTime', '2030-01-01'), true],
    [e('Null', 'aws:CurrentTime', 'false'), true],
  ] as const)('evalTime %o => %s', (entry, want) => {
    expect(evalTime(entry, NOW)).toBe(want);
  });
  it('evalTime: unparsable => undefined', () => {
    expect(evalTime(e('DateLessThan', 'aws:CurrentTime', 'soon'), NOW)).toBeUndefined();
  });

  it.each([
    [e('StringEquals', 'aws:PrincipalOrgID', 'o-1'), 'narrow'],
    [e('StringNotEquals', 'aws:PrincipalOrgID', 'o-1'), 'any'],
    [e('StringEquals', 'aws:SourceVpce', 'vpce-1'), 'pin'],
    [e('StringEquals', 's3:DataAccessPointAccount', OWNER), 'via-ap'],
    // Was 'never': but a request through a VPC endpoint (caller-owned) carries no aws:SourceIp, and NotIpAddress
    // on an absent key is true (A-10 "absent key: negated op true"; the Deny side already credited that case).
    [e('NotIpAddress', 'aws:SourceIp', '0.0.0.0/0', '::/0'), 'any'],
    [e('ForAnyValue:NotIpAddress', 'aws:SourceIp', '0.0.0.0/0', '::/0'), 'never'],
    [e('IpAddress', 'aws:SourceIp', '10.0.0.0/8'), 'pin'],
    [e('Bool', 'aws:SecureTransport', 'true'), 'any'],
    [e('DateLessThan', 'aws:CurrentTime', '2000-01-01'), 'never'],
  ] as const)('allowEntryOutcome %o => %s', (entry, t) => {
    expect(allowEntryOutcome(entry, NOW).t).toBe(t);
  });

  it.each([
    [e('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), 'anonymous-internet', true],
    [e('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), 'other', false],
    [e('StringEquals', 'aws:SourceVpce', 'vpce-1'), 'anonymous-internet', false],
    [e('Bool', 'aws:SecureTransport', 'false'), 'anonymous-internet', false],
    [e('NotIpAddress', 'aws:SourceIp', '10.0.0.0/8', 'fc00::/7'), 'anonymous-internet', true],
    [e('NotIpAddress', 'aws:SourceIp', '203.0.113.0/24'), 'anonymous-internet', false],
    [e('IpAddress', 'aws:SourceIp', '0.0.0.0/0', '::/0'), 'anonymous-internet', false],
    [e('IpAddressIfExists', 'aws:SourceIp', '0.0.0.0/0', '::/0'), 'anonymous-internet', true],
    [e('Null', 'aws:PrincipalArn', 'true'), 'anonymous-internet', true],
    [e('ForAllValues:StringEquals', 'aws:PrincipalOrgID', 'o-1'), 'anonymous-internet', true],
    [e('ForAnyValue:StringNotEquals', 'aws:PrincipalOrgID', 'o-1'), 'anonymous-internet', false],
    [e('DateGreaterThan', 'aws:CurrentTime', '2020-01-01'), 'other', true],
    [e('Wat', 'aws:PrincipalOrgID', 'o-1'), 'anonymous-internet', false],
  ] as const)('denyEntryAlwaysTrue %o on %s => %s', (entry, route, want) => {
    expect(denyEntryAlwaysTrue(entry, route, NOW)).toBe(want);
  });
});

describe('policy parser', () => {
  it.each([
    ['[]', /expected a JSON object/],
    ['{"Statement": 5}', /expected an object/],
    ['{"Statement": [{"Effect":"Allow","Principal":"*","Action":[],"Resource":"*"}]}', /empty list/],
    [
      '{"Statement": [{"Effect":"Allow","Principal":"*","Action":"s3:*","NotAction":"x","Resource":"*"}]}',
      /exactly one of Action/,
    ],
    ['{"Statement": [{"Effect":"Allow","Principal":"*","Action":"s3:*"}]}', /exactly one of Resource/],
    ['{"Statement": [{"Effect":"Allow","Principal":{},"Action":"s3:*","Resource":"*"}]}', /empty principal/],
    [
      '{"Statement": [{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":"x"}}]}',
      /condition keys/,
    ],
    ['{"Statement": [{"Effect":"Allow","Principal":"*","Action":{"a":1},"Resource":"*"}]}', /expected a string/],
  ])('rejects %s', (text, msg) => {
    const r = parsePolicy(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });
  it('normalises scalars, lists and condition values', () => {
    const r = parsePolicy(
      JSON.stringify({
        Statement: [
          {
            Sid: 'S',
            Effect: 'Allow',
            Principal: { AWS: ['1', '2'] },
            Action: 's3:GetObject',
            Resource: ['a', 'b'],
            Condition: { NumericLessThan: { 's3:max-keys': 10 } },
          },
        ],
      }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.statements[0]).toMatchObject({
        sid: 'S',
        principal: { AWS: ['1', '2'] },
        actions: ['s3:GetObject'],
        resources: ['a', 'b'],
      });
      expect(r.statements[0]?.conditions).toEqual([{ operator: 'NumericLessThan', key: 's3:max-keys', values: ['10'] }]);
    }
  });
  it('identity policies need no principal', () => {
    expect(parsePolicy('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', false).ok).toBe(true);
    expect(parsePolicy('{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}', true).ok).toBe(false);
  });
});
