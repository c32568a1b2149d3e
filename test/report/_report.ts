import { runChecks } from '../../src/checks/index.js';
import { defaultContext } from '../../src/analyzer/context.js';
import type { Assessment, AuditReport } from '../../src/model/index.js';
import { buildReport } from '../../src/report/build.js';
import { assessment, grant, guardrail, publicRead, resource, unknownVerdict } from '../checks/_assessments.js';

export const EVIL = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

/** A mixed estate: live and Terraform-located, all providers, fail/unknown/pass, an injected name. */
export function sampleAssessments(): Assessment[] {
  const write = grant({
    capabilities: [
      { capability: 'WRITE', scope: 'bucket' },
      { capability: 'READ', scope: 'bucket' },
    ],
    via: 'acl',
    evidence: {
      kind: 'acl-grant',
      path: 'acl.Grants[1]',
      summary: 'ACL grants FULL_CONTROL to AllUsers (Grants[1]) & "more" <b>',
    },
  });
  return [
    publicRead(resource('aws', 'zeta-public'), {
      guardrails: [guardrail('s3-bucket-bpa', 'off'), guardrail('s3-account-bpa', 'on')],
    }),
    assessment(
      resource('aws', 'tf-bucket', {
        id: 'aws_s3_bucket.logs',
        account: '',
        source: { origin: 'terraform-hcl', uri: 'infra/main.tf', file: 'infra/main.tf', line: 12, address: 'aws_s3_bucket.logs' },
      }),
      {
        verdict: 'PUBLIC',
        severity: 'critical',
        capabilities: write.capabilities,
        grants: [write],
        reasons: [write.evidence],
        guardrails: [guardrail('s3-acls-disabled', 'off', 'Object Ownership ObjectWriter: ACLs enabled')],
      },
    ),
    unknownVerdict(resource('gcp', 'alpha-unknown'), 'iamBindings'),
    assessment(resource('gcp', 'private-gcs'), { guardrails: [guardrail('gcs-ubla', 'on'), guardrail('gcs-pap', 'on')] }),
    publicRead(resource('azure', EVIL, { azureAccount: 'acct1' }), {
      guardrails: [guardrail('azure-allow-blob-public-access', 'off', 'allowBlobPublicAccess=null (unset)')],
      probe: {
        status: 'confirmed',
        capabilities: ['READ'],
        observations: [
          { check: 'read', method: 'GET', url: 'https://acct1.blob.core.windows.net/x/y', status: 206, outcome: 'allowed' },
        ],
      },
    }),
  ];
}

export function sampleReport(): AuditReport {
  const assessments = sampleAssessments();
  const findings = runChecks(assessments, defaultContext({ now: new Date('2026-01-01T00:00:00Z') }));
  return buildReport({
    command: 'scan',
    assessments,
    findings,
    errors: [{ stage: 'collect', provider: 'gcp', message: 'projects.list: permission denied <x>' }],
    generatedAt: new Date('2026-01-01T00:00:00Z'),
  });
}
