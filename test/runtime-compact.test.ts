import { describe, expect, it } from 'vitest';
import { compact } from '../src/runtime/compact.js';

describe('compact: optional settings without undefined keys', () => {
  it('drops undefined and empty strings, keeps 0, false, null and objects', () => {
    const out = compact({ a: undefined, b: '', c: 0, d: false, e: null, f: 'x', g: [1] });
    expect(out).toEqual({ c: 0, d: false, e: null, f: 'x', g: [1] });
    expect(Object.keys(out)).toEqual(['c', 'd', 'e', 'f', 'g']); // no key left with an undefined value
  });

  it('returns a new object and leaves its input alone', () => {
    const input = { a: undefined as string | undefined, b: 1 };
    const out = compact(input);
    expect(out).not.toBe(input);
    expect('a' in input).toBe(true);
    expect('a' in out).toBe(false);
  });
});
