/** A-13 effective Block Public Access (org || account || bucket || access point) and the BPA guardrails. */
import type { AwsBpa, AwsS3Facts, GuardrailState, Known } from '../../model/index.js';

export type BpaFlag = keyof AwsBpa;
export const BPA_FLAGS: readonly BpaFlag[] = [
  'blockPublicAcls',
  'ignorePublicAcls',
  'blockPublicPolicy',
  'restrictPublicBuckets',
];
const FLAG_NAME: Record<BpaFlag, string> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};

export type BpaLevel = 'org' | 'account' | 'bucket' | 'access-point';

export interface FlagState {
  /** true if any level sets it; false if every level is known false; undefined when it depends on an unknown level. */
  value: boolean | undefined;
  /** Levels that set the flag. */
  setBy: BpaLevel[];
  /** Levels that could not be read. */
  unknownAt: BpaLevel[];
}

export type EffectiveBpa = Record<BpaFlag, FlagState>;

interface LevelInput {
  level: BpaLevel;
  bpa: Known<AwsBpa | null> | 'all-true';
}

/** Combine levels: S3 enforces the most restrictive combination; known null (not configured) = all false. */
export function combineBpa(levels: readonly LevelInput[]): EffectiveBpa {
  const out = {} as EffectiveBpa;
  for (const f of BPA_FLAGS) {
    const st: FlagState = { value: false, setBy: [], unknownAt: [] };
    for (const l of levels) {
      if (l.bpa === 'all-true') st.setBy.push(l.level);
      else if (!l.bpa.known) st.unknownAt.push(l.level);
      else if (l.bpa.value?.[f] === true) st.setBy.push(l.level);
    }
    st.value = st.setBy.length > 0 ? true : st.unknownAt.length > 0 ? undefined : false;
    out[f] = st;
  }
  return out;
}

export function bucketLevels(facts: AwsS3Facts): LevelInput[] {
  const levels: LevelInput[] = [];
  if (facts.orgBpaEnforced) levels.push({ level: 'org', bpa: 'all-true' });
  levels.push({ level: 'account', bpa: facts.accountBpa }, { level: 'bucket', bpa: facts.bucketBpa });
  return levels;
}

export function effectiveBucketBpa(facts: AwsS3Facts): EffectiveBpa {
  return combineBpa(bucketLevels(facts));
}

/** Guardrail names for neutralisation, e.g. "s3-bpa:RestrictPublicBuckets(account)". */
export function neutralizerNames(eff: EffectiveBpa, flag: BpaFlag): string[] {
  return eff[flag].setBy.map((l) => `s3-bpa:${FLAG_NAME[flag]}(${l})`);
}

function describeKnown(bpa: AwsBpa | null): string {
  if (bpa === null) return 'not configured (all four flags false)';
  const off = BPA_FLAGS.filter((f) => !bpa[f]).map((f) => FLAG_NAME[f]);
  return off.length === 0 ? 'all four flags true' : `${off.join(', ')} false`;
}

/** Guardrails s3-account-bpa and s3-bucket-bpa (effective = account || bucket, all four). */
export function bpaGuardrails(facts: AwsS3Facts): GuardrailState[] {
  const out: GuardrailState[] = [];
  const acct = facts.accountBpa;
  if (facts.orgBpaEnforced) {
    out.push({
      name: 's3-account-bpa',
      status: 'on',
      detail: 'AWS Organizations S3 policy enforces all four BPA flags at account level',
    });
  } else if (!acct.known) {
    out.push({
      name: 's3-account-bpa',
      status: 'unknown',
      detail: `account BPA could not be read (${acct.reason}${acct.code ? `: ${acct.code}` : ''})`,
    });
  } else {
    const all = acct.value !== null && BPA_FLAGS.every((f) => acct.value?.[f]);
    out.push({ name: 's3-account-bpa', status: all ? 'on' : 'off', detail: `account BPA: ${describeKnown(acct.value)}` });
  }
  const eff = effectiveBucketBpa(facts);
  const offFlags = BPA_FLAGS.filter((f) => eff[f].value === false).map((f) => FLAG_NAME[f]);
  const unknownFlags = BPA_FLAGS.filter((f) => eff[f].value === undefined).map((f) => FLAG_NAME[f]);
  const status = offFlags.length > 0 ? 'off' : unknownFlags.length > 0 ? 'unknown' : 'on';
  const bucketText = facts.bucketBpa.known ? describeKnown(facts.bucketBpa.value) : `unreadable (${facts.bucketBpa.reason})`;
  const detail =
    status === 'on'
      ? `effective BPA (account || bucket) has all four flags true; bucket BPA: ${bucketText}`
      : status === 'off'
        ? `effective BPA (account || bucket) lacks ${offFlags.join(', ')}; bucket BPA: ${bucketText}`
        : `effective BPA depends on unreadable level(s) for ${unknownFlags.join(', ')}; bucket BPA: ${bucketText}`;
  out.push({ name: 's3-bucket-bpa', status, detail });
  return out;
}
