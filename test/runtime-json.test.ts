import { describe, expect, it } from 'vitest';
import { bucketAuditErrorOf } from './helpers/errors.js';
import { parseJsonWithLocation } from '../src/runtime/json.js';
import { makePlan } from './terraform/big-plan.js';

describe('parseJsonWithLocation: file:line:column of the first syntax error', () => {
  const text = JSON.stringify(makePlan(4), null, 2);

  it('a truncated plan: where it ends (V8 gives no position, jsonc-parser does)', () => {
    const cut = text.slice(0, text.indexOf('"actions": [') + '"actions": ['.length);
    const err = bucketAuditErrorOf(() => parseJsonWithLocation(cut, 'plan.json'));
    const lines = cut.split('\n');
    expect(err).toMatchObject({ code: 'INPUT', file: 'plan.json', line: lines.length, column: lines.at(-1)!.length + 1 });
    expect(err.message).toBe('invalid JSON: Unexpected end of JSON input');
  });

  it('an unexpected token: its line and column, the message without V8 quoting the text around it', () => {
    const bad = text.replace('"block_public_policy": false', '"block_public_policy": yes');
    const err = bucketAuditErrorOf(() => parseJsonWithLocation(bad, 'plan.json'));
    expect(bad.split('\n')[err.line! - 1]!.slice(err.column! - 1)).toBe('yes,');
    expect(err.message).toBe("invalid JSON: Unexpected token 'y'");
  });

  it('nesting deeper than jsonc-parser can follow: still an input error, at 1:1', () => {
    const err = bucketAuditErrorOf(() => parseJsonWithLocation(`${'['.repeat(100_000)}}`, 'deep.json'));
    expect(err).toMatchObject({ code: 'INPUT', file: 'deep.json', line: 1, column: 1 });
    expect(err.message).toBe("invalid JSON: Unexpected token '}'");
  });
});
