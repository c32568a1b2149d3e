import { probeSeverity } from '../../analyzer/severity.js';
import type { Evidence } from '../../model/index.js';
import { PUBLIC_VERDICTS } from '../_helpers.js';
import type { Check } from '../types.js';

export const probeAgrees: Check = {
  id: 'BA-GEN-003',
  slug: 'probe-agrees-with-configuration',
  title: 'Anonymous probes find no access that the configuration does not show',
  description:
    'Fails when an anonymous probe demonstrated access (list/read/write) although the configuration verdict is not public, or the probe is recorded as disagreeing with the configuration. A probe never downgrades a verdict: a denied probe on a public configuration is not a pass of the exposure check (P-0 rule 7).',
  severity: 'high',
  provider: 'generic',
  compliance: {},
  rules: ['P-0', 'A-20'],
  remediation: {
    summary:
      'Investigate the access path the configuration does not show (object ACLs, access points, org/project-level grants, an S3-compatible service that evaluates policies differently) and close it.',
  },
  evaluate: (a) => {
    const p = a.probe;
    if (!p || p.status === 'skipped') return [{ status: 'notApplicable', message: 'not probed', evidence: [] }];
    const obs: Evidence[] = p.observations.map((o) => ({
      kind: 'probe',
      summary: `${o.method} ${o.url} -> ${o.status ?? '-'}${o.code ? ` ${o.code}` : ''} (${o.outcome})`,
    }));
    const contradicts = p.capabilities.length > 0 && !PUBLIC_VERDICTS.has(a.verdict);
    if (contradicts || a.disagreement?.with === 'probe') {
      return [
        {
          status: 'fail',
          severity: probeSeverity(p.capabilities) ?? 'medium',
          message: `anonymous probe ${p.capabilities.length > 0 ? `demonstrated ${p.capabilities.join(', ')}` : 'disagrees'} but the configuration verdict is ${a.verdict}${a.disagreement ? `: ${a.disagreement.detail}` : ''}`,
          evidence: obs,
        },
      ];
    }
    if (p.status === 'error') return [{ status: 'unknown', message: `probe failed: ${p.error ?? 'error'}`, evidence: obs }];
    return [
      {
        status: 'pass',
        message: `probe ${p.status}${p.capabilities.length > 0 ? ` (${p.capabilities.join(', ')})` : ''}, consistent with verdict ${a.verdict}`,
        evidence: obs,
      },
    ];
  },
};
