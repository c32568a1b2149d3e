import { expect } from 'vitest';
import { analyzeResource } from '../../../src/analyzer/index.js';
import { evaluateAws } from '../../../src/analyzer/aws/index.js';
import type { Assessment, AwsS3Facts, NetworkPin, StorageResource, Verdict } from '../../../src/model/index.js';
import { capStrings, ctx } from './builders.js';

/** One table row: a resource built from the model and what the engine must say about it. */
export interface Row {
  name: string;
  /** Rule ids the row exercises (documentation + coverage test). */
  rules: string[];
  r: StorageResource;
  verdict: Verdict;
  /** Exact merged capabilities of the verdict, "CAP:scope". */
  caps?: string[];
  /** Exposure classes of all grants (sorted). */
  exposures?: string[];
  pin?: NetworkPin;
  /** Input names that must be reported unknown; decisive ones listed with "!" suffix. */
  unknown?: string[];
  /** Text that must appear in some reason / context / evidence. */
  text?: RegExp;
  neutralizedBy?: string[];
  publicWithoutCapability?: boolean;
  disagreement?: boolean;
  severity?: Assessment['severity'];
}

export function allText(a: Assessment): string {
  return [
    ...a.reasons.map((r) => r.summary),
    ...a.context.map((c) => c.summary),
    ...a.grants.map((g) => g.evidence.summary),
    ...a.unknownInputs.map((u) => `${u.input} ${u.reason} ${u.detail ?? ''}`),
    ...a.guardrails.map((g) => `${g.name} ${g.status} ${g.detail}`),
    a.disagreement?.detail ?? '',
  ].join('\n');
}

export function checkRow(row: Row): Assessment {
  const a = analyzeResource(row.r, ctx);
  expect(a.verdict, allText(a)).toBe(row.verdict);
  if (row.caps) expect(capStrings(a.capabilities)).toEqual([...row.caps].sort());
  if (row.exposures) expect(a.grants.map((g) => g.exposure).sort()).toEqual([...row.exposures].sort());
  if (row.pin) expect(a.grants.some((g) => g.pin === row.pin)).toBe(true);
  if (row.unknown) {
    const got = a.unknownInputs.map((u) => `${u.input}${u.decisive ? '!' : ''}`);
    for (const u of row.unknown) expect(got).toContain(u);
  }
  if (row.text) expect(allText(a)).toMatch(row.text);
  if (row.neutralizedBy) expect([...a.neutralizedBy].sort()).toEqual([...row.neutralizedBy].sort());
  if (row.publicWithoutCapability !== undefined) {
    const ev = evaluateAws(row.r, row.r.facts as AwsS3Facts, ctx);
    expect(Boolean(ev.publicWithoutCapability)).toBe(row.publicWithoutCapability);
  }
  if (row.disagreement !== undefined) expect(Boolean(a.disagreement)).toBe(row.disagreement);
  if (row.severity) expect(a.severity).toBe(row.severity);
  // invariant: an UNKNOWN verdict always names its decisive input
  if (a.verdict === 'UNKNOWN') expect(a.unknownInputs.some((u) => u.decisive)).toBe(true);
  return a;
}
