import { maxSeverity, restrictedSeverity, sharedSeverity } from '../analyzer/severity.js';
import { unknownEvidence } from '../analyzer/verdict.js';
import type { AccessGrant, Assessment } from '../model/index.js';
import { capsText, firstReason, isActiveGrant, joinSeen, PUBLIC_VERDICTS, unknownOutcome, unknownText } from './_helpers.js';
import type { CheckContext, Outcome } from './types.js';

/** "Bucket is not publicly accessible": fail on PUBLIC/PUBLIC_AUTHENTICATED with the assessment's severity. */
export function evaluatePublic(a: Assessment): Outcome[] {
  if (PUBLIC_VERDICTS.has(a.verdict)) {
    const who = a.verdict === 'PUBLIC' ? 'anyone on the internet' : 'any authenticated principal of the provider';
    const ack = a.acknowledged ? ` (acknowledged as intended public: ${a.acknowledged.reason})` : '';
    return [
      {
        status: 'fail',
        severity: a.severity,
        message: joinSeen(`${a.verdict}: ${who} can ${capsText(a.capabilities)}${ack}`, firstReason(a)),
        evidence: a.reasons,
      },
    ];
  }
  if (a.verdict === 'UNKNOWN') return [unknownOutcome(a, 'Public access')];
  return [
    {
      status: 'pass',
      message: joinSeen(`verdict ${a.verdict}: no anonymous or all-authenticated access`, firstReason(a)),
      evidence: a.reasons,
    },
  ];
}

const WRITE_CAPS = new Set(['WRITE', 'ADMIN']);

/** Public write/admin: CRITICAL (S-1). */
export function evaluatePublicWrite(a: Assessment): Outcome[] {
  // Every active public-class grant counts, not only the class that decided the verdict: with anonymous READ
  // (PUBLIC) the assessment's capabilities are PUBLIC's, and an AuthenticatedUsers / allAuthenticatedUsers WRITE
  // (PUBLIC_AUTHENTICATED) grant would otherwise pass as "read-only".
  const writeGrants = a.grants.filter(
    (g) => isActiveGrant(g) && PUBLIC_VERDICTS.has(g.exposure) && g.capabilities.some((c) => WRITE_CAPS.has(c.capability)),
  );
  const verdictWrite = PUBLIC_VERDICTS.has(a.verdict) ? a.capabilities.filter((c) => WRITE_CAPS.has(c.capability)) : [];
  if (writeGrants.length > 0 || verdictWrite.length > 0) {
    const fromGrants = writeGrants.flatMap((g) => g.capabilities.filter((c) => WRITE_CAPS.has(c.capability)));
    const writeCaps = [
      ...new Map([...verdictWrite, ...fromGrants].map((c) => [`${c.capability}|${c.scope}`, c] as const)).values(),
    ];
    const classes = [...new Set(writeGrants.map((g) => g.exposure))];
    const cls = classes.length > 0 ? classes.join('+') : a.verdict;
    const ev = writeGrants.map((g) => g.evidence);
    return [
      {
        status: 'fail',
        message: joinSeen(`${cls}: ${capsText(writeCaps)} granted publicly`, ev[0]?.summary ?? firstReason(a)),
        evidence: ev.length > 0 ? ev : a.reasons,
      },
    ];
  }
  const unresolved = a.grants.filter((g) => isActiveGrant(g) && PUBLIC_VERDICTS.has(g.exposure) && g.capabilitiesUnknown);
  if (unresolved.length > 0) {
    return [
      {
        status: 'unknown',
        message: `a public grant's capabilities could not be resolved: ${unresolved[0]?.evidence.summary ?? ''}`,
        evidence: unresolved.map((g) => g.evidence),
      },
    ];
  }
  if (a.verdict === 'UNKNOWN') return [unknownOutcome(a, 'Public write access')];
  return [
    {
      status: 'pass',
      message: PUBLIC_VERDICTS.has(a.verdict)
        ? `${a.verdict} but read-only: ${capsText(a.capabilities)}`
        : `verdict ${a.verdict}: no public write or admin grant`,
      evidence: a.reasons,
    },
  ];
}

function activeOfClass(a: Assessment, cls: AccessGrant['exposure']): AccessGrant[] {
  return a.grants.filter((g) => isActiveGrant(g) && g.exposure === cls && !(cls === 'SHARED' && g.inTrustZone));
}

/** Network-restricted exposure (RESTRICTED, S-6/S-6b). */
export function evaluateRestricted(a: Assessment, ctx: Pick<CheckContext, 'azureNonWebAccounts'> = {}): Outcome[] {
  const hits = activeOfClass(a, 'RESTRICTED');
  if (a.verdict === 'RESTRICTED' || hits.length > 0) {
    const pins = [...new Set(hits.map((g) => g.pin).filter(Boolean))].join(', ');
    const ev = hits.length > 0 ? hits.map((g) => g.evidence) : a.reasons;
    return [
      {
        status: 'fail',
        // Beside a worse verdict, the pinned grants' own S-6 / S-6b score (a VPC-endpoint pin is INFO, not MEDIUM).
        severity:
          a.verdict === 'RESTRICTED' ? a.severity : maxSeverity(...hits.map((g) => restrictedSeverity(g, a.resource, ctx))),
        message: joinSeen(
          `anonymous access pinned to a network origin${pins ? ` (${pins})` : ''}: ${capsText(
            a.verdict === 'RESTRICTED' ? a.capabilities : hits.flatMap((g) => g.capabilities),
          )}`,
          ev[0]?.summary,
        ),
        evidence: ev,
      },
    ];
  }
  if (a.verdict === 'UNKNOWN') return [unknownOutcome(a, 'Network-restricted exposure')];
  return [{ status: 'pass', message: `verdict ${a.verdict}: no network-pinned anonymous grant`, evidence: [] }];
}

/** Sharing outside the trust zone (SHARED, S-7). */
export function evaluateShared(a: Assessment): Outcome[] {
  const hits = activeOfClass(a, 'SHARED');
  if (a.verdict === 'SHARED' || hits.length > 0) {
    const caps = a.verdict === 'SHARED' ? a.capabilities : hits.flatMap((g) => g.capabilities);
    const who = [
      ...new Set(
        hits.map((g) => ('id' in g.principal ? `${g.principal.type} ${g.principal.id}` : g.principal.type)).filter(Boolean),
      ),
    ].join(', ');
    const ev = hits.length > 0 ? hits.map((g) => g.evidence) : a.reasons;
    return [
      {
        status: 'fail',
        severity: a.verdict === 'SHARED' ? a.severity : maxSeverity(...hits.map(sharedSeverity)),
        message: joinSeen(`shared outside the trust zone${who ? ` with ${who}` : ''}: ${capsText(caps)}`, ev[0]?.summary),
        evidence: ev,
      },
    ];
  }
  if (a.verdict === 'UNKNOWN') return [unknownOutcome(a, 'Cross-account sharing')];
  return [{ status: 'pass', message: `verdict ${a.verdict}: no grant to principals outside the trust zone`, evidence: [] }];
}

/** A public/shared grant neutralised by a guardrail: one toggle away (LATENT, S-8). */
export function evaluateLatent(a: Assessment): Outcome[] {
  const latent = a.grants.filter((g) => g.exposure !== 'PRIVATE' && g.neutralizedBy && g.neutralizedBy.length > 0);
  if (latent.length > 0 || a.verdict === 'LATENT') {
    const by = [...new Set([...a.neutralizedBy, ...latent.flatMap((g) => g.neutralizedBy ?? [])])];
    const ev = latent.length > 0 ? latent.map((g) => g.evidence) : a.reasons;
    return [
      {
        status: 'fail',
        message: joinSeen(
          `${latent.length || 1} grant(s) would expose the resource if ${by.length > 0 ? by.join(', ') : 'a guardrail'} were turned off`,
          ev[0]?.summary,
        ),
        evidence: ev,
      },
    ];
  }
  if (a.verdict === 'UNKNOWN') {
    return [
      {
        status: 'unknown',
        message: `latent exposure cannot be ruled out: ${unknownText(a, true)}`,
        evidence: unknownEvidence(a, true),
      },
    ];
  }
  return [{ status: 'pass', message: 'no public or shared grant is held back only by a guardrail', evidence: [] }];
}
