import { describe, expect, it } from 'vitest';
import type { AuditReport } from '../../src/model/index.js';
import { termSafe } from '../../src/runtime/text.js';
import { renderTable } from '../../src/report/table.js';
import { sampleReport } from './_report.js';

/** Escape sequences a hostile server message, policy or .tf file could carry. */
const PAYLOADS = [
  ['CSI clear screen', '\x1b[2J\x1b[H'],
  ['SGR hide text', '\x1b[8mhidden'],
  ['OSC 8 hyperlink', '\x1b]8;;https://evil.example/\x07click\x1b]8;;\x07'],
  ['OSC window title', '\x1b]0;pwned\x1b\\'],
  ['C1 CSI (0x9B)', '\x9b2J'],
  ['bell and backspace', 'ok\x07\x08\x08FAIL'],
  ['bidi override', 'safe\u202egnp.exe'],
] as const;

/** Where untrusted text enters the table. */
const SINKS: [string, (r: AuditReport, p: string) => void][] = [
  [
    'resource name',
    (r, p) => {
      r.resources[0]!.name = `bucket${p}`;
    },
  ],
  [
    'Terraform address',
    (r, p) => {
      r.resources[0]!.address = `aws_s3_bucket.x${p}`;
    },
  ],
  [
    'reason summary (policy text)',
    (r, p) => {
      r.resources[0]!.reasons = [{ summary: `Statement[0] ${p}`, kind: 'policy' }];
    },
  ],
  [
    'capability scope (policy prefix)',
    (r, p) => {
      r.resources[0]!.capabilities = [{ capability: 'READ', scope: `prefix:${p}` }];
    },
  ],
  [
    'server error message',
    (r, p) => {
      r.errors = [{ stage: 'collect', message: `AccessDenied: ${p}` }];
    },
  ],
  [
    'inline suppression reason',
    (r, p) => {
      r.findings[0]!.suppressed = { reason: `because${p}`, by: 'inline' };
    },
  ],
  [
    'allowlist entry',
    (r, p) => {
      r.allowlist = {
        applied: [{ pattern: 'x', reason: p, owner: p, expires: '2030-01-01', resourceIds: [r.resources[0]!.id] }],
        expired: [],
      };
    },
  ],
  [
    'baseline date',
    (r, p) => {
      r.baseline = { previousGeneratedAt: `2025${p}`, new: 0, unchanged: 0, resolved: [] };
    },
  ],
];

/** Our own colouring: picocolors' bold/dim/red/green/yellow/cyan and their resets; anything else came from the data. */
const stripOwnSgr = (s: string) => s.replace(/\x1b\[(?:1|2|22|31|32|33|36|39)m/g, '');
const RAW_CONTROL = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u202A-\u202E\u2066-\u2069]/;

describe('terminal table: untrusted text cannot inject terminal control sequences', () => {
  for (const [sink, put] of SINKS) {
    for (const [what, payload] of PAYLOADS) {
      it(`${what} in ${sink}`, () => {
        const report = sampleReport();
        put(report, payload);
        for (const color of [false, true]) {
          const out = stripOwnSgr(renderTable(report, { color }));
          expect(out, JSON.stringify(out)).not.toMatch(RAW_CONTROL);
        }
      });
    }
  }

  it('shows the escaped bytes visibly instead of dropping them', () => {
    expect(termSafe('a\x1b[2Jb')).toBe('a\\x1b[2Jb');
    expect(termSafe('\x9b')).toBe('\\x9b');
    expect(termSafe('x\u202ey')).toBe('x\\u202ey');
    expect(termSafe('tab\tand\nnewline stay for the layout')).toBe('tab\tand\nnewline stay for the layout');
    expect(termSafe('ünïcødé 桶 🪣')).toBe('ünïcødé 桶 🪣');
  });
});
