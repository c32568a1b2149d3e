import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  CreateBucketCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutBucketWebsiteCommand,
  PutObjectCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import type { AuditReport } from '../../src/model/index.js';
import { startArmServer } from '../azure/arm-server.js';
import { DEMO_SUBSCRIPTION, demoArmEstate } from '../azure/estate.js';
import { demoGcsEstate } from '../gcs/estate.js';
import { startGcsServer } from '../gcs/server.js';
import { AZURITE_ACCOUNT, startAzurite } from './azurite.js';
import { demoS3Estate } from './estate-s3.js';
import { RGW_ADMIN, startRgw } from './rgw.js';
import { mergeReports } from './merge.js';
import { type DemoS3Estate, startS3Estate } from './s3-estate.js';

const run = promisify(execFile);
const TERRAFORM_EXAMPLES = new URL('../terraform/', import.meta.url).pathname;

export type S3Backend = 'auto' | 'rgw' | 'builtin';

export interface DemoRun {
  report: AuditReport;
  s3Backend: 'rgw' | 'builtin';
}

type Stopper = () => Promise<unknown>;

async function hasCeph(): Promise<boolean> {
  try {
    await run('sh', ['-c', 'command -v radosgw && command -v ceph-mon && command -v ceph-osd && command -v uuidgen'], {
      timeout: 5000,
    });
    return true;
  } catch {
    return false;
  }
}

/** Start Ceph RGW with the project's script and seed the S3 estate through the SDK (the demo's only writes, to its own throwaway server). */
async function startRgwEstate(estate: DemoS3Estate, stops: Stopper[]): Promise<string> {
  const rgw = await startRgw();
  stops.push(() => rgw.stop());
  const s3 = rgw.client('admin');
  for (const b of estate.buckets) {
    if (b.denied) continue; // RGW cannot deny its own admin: the AccessDenied case is shown by the built-in estate only
    await s3.send(new CreateBucketCommand({ Bucket: b.name }));
    for (const o of b.objects) await s3.send(new PutObjectCommand({ Bucket: b.name, Key: o.key, Body: o.body }));
    if (b.policy) await s3.send(new PutBucketPolicyCommand({ Bucket: b.name, Policy: JSON.stringify(b.policy) }));
    const perms = new Set((b.aclGrants ?? []).map((g) => g.permission));
    if (perms.size)
      await s3.send(new PutBucketAclCommand({ Bucket: b.name, ACL: perms.has('WRITE') ? 'public-read-write' : 'public-read' }));
    if (b.bpa) await s3.send(new PutPublicAccessBlockCommand({ Bucket: b.name, PublicAccessBlockConfiguration: b.bpa }));
    if (b.website)
      await s3.send(
        new PutBucketWebsiteCommand({ Bucket: b.name, WebsiteConfiguration: { IndexDocument: { Suffix: b.website.index } } }),
      );
  }
  s3.destroy();
  return rgw.endpoint;
}

/**
 * `bucketaudit demo`: start a misconfigured estate on 127.0.0.1 for all three providers, run `scan --probe` over it and
 * `terraform` over the bundled examples, and return the merged report. Everything started is stopped before returning.
 */
export async function runDemo(io: CliIo, opts: { s3: S3Backend; log: (line: string) => void }): Promise<DemoRun> {
  const stops: Stopper[] = [];
  const work = await mkdtemp(join(tmpdir(), 'bucketaudit-demo-'));
  stops.push(() => rm(work, { recursive: true, force: true }));
  try {
    const s3Estate = demoS3Estate();
    const useRgw = opts.s3 === 'rgw' || (opts.s3 === 'auto' && (await hasCeph()));
    opts.log(
      `starting the local estate (S3: ${useRgw ? 'Ceph RGW' : 'built-in recorded S3 estate'}, GCS JSON API, Azure ARM, Azurite)`,
    );
    const arm = demoArmEstate();
    arm.subscriptions[0]!.accounts.push({
      name: AZURITE_ACCOUNT,
      resourceGroup: 'rg-dev',
      allowBlobPublicAccess: true,
      containers: [
        { name: 'public-downloads', publicAccess: 'Container' },
        { name: 'invoices', publicAccess: 'Blob' },
        { name: 'private-hr' },
      ],
    });
    // Each server registers its stopper as soon as it is up, so a failure to start another one stops it too.
    const started = <T>(p: Promise<T>, stop: (v: T) => Promise<unknown>) =>
      p.then((v) => {
        stops.push(() => stop(v));
        return v;
      });
    const [gcs, armServer, azurite, s3Endpoint] = await Promise.all([
      started(startGcsServer(demoGcsEstate()), (x) => x.close()),
      started(startArmServer(arm), (x) => x.close()),
      started(startAzurite(), (x) => x.stop()),
      useRgw ? startRgwEstate(s3Estate, stops) : started(startS3Estate(s3Estate), (x) => x.close()).then((x) => x.endpoint),
    ]);
    const blob = azurite.client();
    for (const [name, access] of [
      ['public-downloads', 'container'],
      ['invoices', 'blob'],
      ['private-hr', undefined],
    ] as const) {
      const c = blob.getContainerClient(name);
      await c.create(access ? { access } : {});
      await c.getBlockBlobClient(name === 'public-downloads' ? 'backup-2026.zip' : 'file.pdf').upload('x', 1);
    }
    const env: Record<string, string | undefined> = {
      ...io.env,
      AWS_ACCESS_KEY_ID: RGW_ADMIN.accessKeyId,
      AWS_SECRET_ACCESS_KEY: RGW_ADMIN.secretAccessKey,
      AWS_REGION: 'us-east-1',
      AWS_PROFILE: undefined,
      BUCKETAUDIT_AZURE_TEST_TOKEN: 'demo-token',
      BUCKETAUDIT_GCP_TEST_TOKEN: 'test-owner',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    const quietIo = (): CliIo => ({
      stdout: { write: () => true },
      stderr: { write: (s: string) => opts.log(s.trimEnd()) },
      env,
      cwd: work,
      ...(io.signal ? { signal: io.signal } : {}),
    });
    opts.log('scanning AWS, GCP and Azure with --probe ...');
    const scanCode = await main(
      [
        'scan',
        ...['--provider', 'aws', '--provider', 'gcp', '--provider', 'azure'],
        ...['--aws-endpoint', s3Endpoint, '--gcs-endpoint', gcs.url, '--gcp-project', 'acme-web', '--gcp-project', 'acme-data'],
        ...[
          '--azure-arm-endpoint',
          armServer.url,
          '--azure-blob-endpoint',
          azurite.blobEndpoint,
          '--azure-subscription',
          DEMO_SUBSCRIPTION,
        ],
        ...['--probe', '--quiet', '--format', 'json', '--output', 'scan.json'],
      ],
      quietIo(),
    );
    if (scanCode === 2) throw new Error('the demo scan failed (see the message above)');
    opts.log('auditing the bundled Terraform examples ...');
    const tfCode = await main(
      ['terraform', TERRAFORM_EXAMPLES, '--quiet', '--format', 'json', '--output', 'terraform.json'],
      quietIo(),
    );
    if (tfCode === 2) throw new Error('the demo terraform audit failed (see the message above)');
    const [scan, tf] = await Promise.all(
      ['scan.json', 'terraform.json'].map(async (f) => JSON.parse(await readFile(join(work, f), 'utf8')) as AuditReport),
    );
    return { report: mergeReports('demo', [scan!, tf!]), s3Backend: useRgw ? 'rgw' : 'builtin' };
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  }
}
