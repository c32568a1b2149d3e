/**
 * The bench's organization and multi-project estates (aws-org-*, gcs-projects-*): the real adapters read every
 * member account / project, each its own slice of the buckets, once.
 */
import { availableParallelism } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { benchProject, startCloudResponder } from '../../mocks/bench/cloud.js';
import type { Responder } from '../../mocks/bench/common.js';
import { benchMemberAccount, startS3Responder } from '../../mocks/bench/s3.js';
import { collectAws } from '../../providers/aws/index.js';
import { liveWorkers } from '../../providers/aws/pool.js';
import { collectGcp } from '../../providers/gcp/index.js';
import type { CollectContext } from '../../providers/types.js';
import { defaultContext } from '../../src/analyzer/context.js';
import { createScheduler } from '../../src/scheduler/index.js';

let r: Responder | undefined;
afterEach(async () => {
  await r?.close();
  r = undefined;
});

const ctx = (env: Record<string, string>): CollectContext => {
  const scheduler = createScheduler({ concurrency: 16 });
  return { scheduler, concurrency: 16, signal: scheduler.signal, env, analyzer: defaultContext() };
};

describe('bench estates with many targets', () => {
  it('aws: 45 member accounts over 3 ListAccounts pages, each assumed and listing its own buckets', async () => {
    r = await startS3Responder({ buckets: 90, accounts: 45, latencyMs: 0, lifetimeMs: 60_000 });
    const res = await collectAws(
      { profiles: [], roleArns: [], endpoint: r.url, region: 'us-east-1', orgRole: 'BenchAuditRole', workers: 1 },
      ctx({ AWS_ACCESS_KEY_ID: 'AKIDBENCH', AWS_SECRET_ACCESS_KEY: 'bench' }),
    );
    expect(res.errors).toEqual([]);
    expect(res.resources).toHaveLength(90);
    expect(new Set(res.resources.map((x) => x.name)).size).toBe(90);
    // member k owns buckets 2k and 2k+1
    const owner = new Map(res.resources.map((x) => [x.name, x.account]));
    expect(owner.get('bench-000000')).toBe(benchMemberAccount(0));
    expect(owner.get('bench-000089')).toBe(benchMemberAccount(44));
    expect(r.stats().byOp['organizations:ListAccounts']).toBe(3);
    expect(r.stats().byOp['sts:AssumeRole']).toBe(45);
  });

  it("aws: accounts of more than 1,000 buckets read at once: one account's threads alive at a time", async () => {
    // 3 members x 1,100 buckets, listed 1,000 per page (each starts threads by default), 3 accounts at once
    let most = 0;
    r = await startS3Responder({
      buckets: 3300,
      accounts: 3,
      listPageMax: 1000,
      latencyMs: 0,
      lifetimeMs: 60_000,
      fault: () => {
        most = Math.max(most, liveWorkers());
        return undefined;
      },
    });
    const c = ctx({ AWS_ACCESS_KEY_ID: 'AKIDBENCH', AWS_SECRET_ACCESS_KEY: 'bench' });
    const threads: number[] = [];
    c.onWorkerStats = (s) => threads.push(s.length);
    const res = await collectAws(
      { profiles: [], roleArns: [], endpoint: r.url, region: 'us-east-1', orgRole: 'BenchAuditRole' },
      c,
    );
    expect(res.errors).toEqual([]);
    expect(res.resources).toHaveLength(3300);
    const two = Math.min(2, availableParallelism());
    expect(threads).toEqual([two, two, two]); // every account read by its threads
    expect(most).toBe(two); // never two accounts' threads at once (started ahead, 6 were alive)
    expect(liveWorkers()).toBe(0);
  });

  it('gcs: 7 projects, each listing its own buckets', async () => {
    r = await startCloudResponder({ kind: 'gcs', buckets: 20, projects: 7, latencyMs: 0, lifetimeMs: 60_000 });
    const projects = Array.from({ length: 7 }, (_, k) => benchProject(k));
    const res = await collectGcp({ projects, endpoint: r.url }, ctx({ BUCKETAUDIT_GCP_TEST_TOKEN: 'bench-owner' }));
    expect(res.errors).toEqual([]);
    expect(res.resources).toHaveLength(20);
    expect(new Set(res.resources.map((x) => x.name)).size).toBe(20);
    expect(res.resources.filter((x) => x.account === benchProject(6)).map((x) => x.name)).toEqual([
      'gbench-000018',
      'gbench-000019',
    ]);
  });
});
