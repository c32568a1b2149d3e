import { describe, expect, it } from 'vitest';
import { acknowledge, applyAllowlist, globToRegExp, isExpired } from '../../src/config/allowlist.js';
import type { AllowlistEntry } from '../../src/config/schema.js';
import { assessment, finding } from '../helpers/findings.js';

const now = new Date('2026-11-21T12:00:00Z');
const entry = (e: Partial<AllowlistEntry>): AllowlistEntry => ({
  reason: 'public website',
  owner: 'web@example.com',
  expires: '2027-01-31',
  ...e,
});

describe('allowlist', () => {
  it('globs match whole ids only', () => {
    expect(globToRegExp('arn:aws:s3:::www-*').test('arn:aws:s3:::www-site')).toBe(true);
    expect(globToRegExp('www-*').test('xwww-site')).toBe(false);
    expect(globToRegExp('a?c').test('abc')).toBe(true);
    expect(globToRegExp('a.c').test('abc')).toBe(false);
  });

  it('expiry is inclusive of the expiry day', () => {
    expect(isExpired(entry({ expires: '2026-11-21' }), now)).toBe(false);
    expect(isExpired(entry({ expires: '2026-11-20' }), now)).toBe(true);
  });

  const cases: [string, AllowlistEntry, ReturnType<typeof assessment>, boolean, 'applied' | 'expired' | 'none'][] = [
    ['matching name suppresses', entry({ resource: 'www-*' }), assessment('www-site', 'PUBLIC', ['READ']), true, 'applied'],
    ['non-matching name does not', entry({ resource: 'www-*' }), assessment('data', 'PUBLIC', ['READ']), false, 'none'],
    [
      'expired entry stops suppressing and is reported',
      entry({ resource: 'www-*', expires: '2026-01-01' }),
      assessment('www-a', 'PUBLIC', ['READ']),
      false,
      'expired',
    ],
    [
      'write exposure is never hidden',
      entry({ resource: 'www-*' }),
      assessment('www-w', 'PUBLIC', ['READ', 'WRITE']),
      false,
      'none',
    ],
    ['admin exposure is never hidden', entry({ resource: 'www-*' }), assessment('www-x', 'PUBLIC', ['ADMIN']), false, 'none'],
    [
      'tag match',
      entry({ tag: 'exposure-auditor:intended-public=true' }),
      assessment('data', 'PUBLIC', ['READ'], { tags: { 'exposure-auditor:intended-public': 'true' } }),
      true,
      'applied',
    ],
    ['tag with other value', entry({ tag: 'k=v' }), assessment('data', 'PUBLIC', ['READ'], { tags: { k: 'w' } }), false, 'none'],
    [
      'check filter excludes other checks',
      entry({ resource: '*', checks: ['BA-AWS-999'] }),
      assessment('a', 'PUBLIC', ['READ']),
      false,
      'none',
    ],
  ];
  it.each(cases)('%s', (_n, e, a, suppressed, use) => {
    const r = applyAllowlist([finding(a.resource.name)], [a], [e], now);
    expect(Boolean(r.findings[0]?.suppressed)).toBe(suppressed);
    if (suppressed) expect(r.findings[0]?.suppressed).toMatchObject({ reason: e.reason, owner: e.owner, expires: e.expires });
    expect(r.applied.length).toBe(use === 'applied' ? 1 : 0);
    expect(r.expired.length).toBe(use === 'expired' ? 1 : 0);
  });

  it('acknowledged resources drop to INFO unless write/admin is exposed', () => {
    const [read, write] = acknowledge(
      [assessment('www-r', 'PUBLIC', ['READ']), assessment('www-w', 'PUBLIC', ['WRITE'])],
      [entry({ resource: 'www-*' })],
      now,
    );
    expect(read?.severity).toBe('info');
    expect(read?.acknowledged?.reason).toBe('public website');
    expect(write?.severity).toBe('high');
    expect(write?.acknowledged).toBeDefined();
  });
});
