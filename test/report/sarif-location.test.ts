import { describe, expect, it } from 'vitest';
import type { ReportResource } from '../../src/model/index.js';
import { renderSarif, sarifLocation, TERRAFORM_PSEUDO_ROOT } from '../../src/report/sarif.js';
import { validateSarif } from './_multitool.js';
import { sampleReport } from './_report.js';

const report = sampleReport();
const tf = report.resources.find((r) => r.address === 'aws_s3_bucket.logs')!;
const at = (file: string): ReportResource => ({ ...tf, source: { ...tf.source, file } });
const pseudo = `${TERRAFORM_PSEUDO_ROOT}/${encodeURIComponent('aws_s3_bucket.logs')}`;

/** RFC 3986 relative-ref with a path only: no scheme, no authority (//host), only legal characters. */
const RELATIVE_REF = /^(?!\/\/)(?![^/]*:)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+$/;

const CASES: [string, string, string][] = [
  ['plain relative', 'infra/main.tf', 'infra/main.tf'],
  ['leading ./', './infra/main.tf', 'infra/main.tf'],
  ['Windows separators', 'infra\\win.tf', 'infra/win.tf'],
  ['space, hash and percent', 'a b/#x%y.tf', 'a%20b/%23x%25y.tf'],
  ['non-ASCII', 'módulos/桶.tf', `${encodeURIComponent('módulos')}/${encodeURIComponent('桶.tf')}`],
  ['colon in a segment (not a scheme)', 'env:prod/main.tf', 'env%3Aprod/main.tf'],
  ['POSIX absolute', '/abs/main.tf', pseudo],
  ['Windows drive', 'C:\\tf\\main.tf', pseudo],
  ['Windows drive-relative', 'C:main.tf', pseudo],
  ['UNC share', '\\\\server\\share\\main.tf', pseudo],
  ['UNC with forward slashes', '//server/share/main.tf', pseudo],
  // a .tf outside the directory bucketaudit runs in: the uri climbed out of the repository (../work/main/x.tf)
  ['outside the root', '../other/main.tf', pseudo],
  ['climbing out midway', 'infra/../../other/main.tf', pseudo],
  ['Windows separators climbing out', '..\\other\\main.tf', pseudo],
  ['dot segments inside the root', 'infra/./mod/../main.tf', 'infra/main.tf'],
];

describe('SARIF artifactLocation.uri for Terraform files', () => {
  for (const [what, file, uri] of CASES) {
    it(`${what}: ${file}`, () => {
      const loc = sarifLocation(at(file), tf.id).physicalLocation;
      expect(loc.artifactLocation).toEqual({ uri, uriBaseId: '%SRCROOT%' });
      expect(loc.artifactLocation.uri).toMatch(RELATIVE_REF);
      expect(loc.region.startLine).toBeGreaterThanOrEqual(1);
    });
  }

  it('every case passes the SARIF Multitool (GitHub and SARIF rules) with zero errors', async () => {
    const sarif = JSON.parse(renderSarif(report));
    const template = sarif.runs[0].results[0];
    sarif.runs[0].results = CASES.map(([, file]) => ({ ...template, locations: [sarifLocation(at(file), tf.id)] }));
    const results = await validateSarif(JSON.stringify(sarif), 'locations');
    expect(results.filter((r) => r.level === 'error')).toEqual([]);
  }, 120_000);
});
