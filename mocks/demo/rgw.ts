import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { S3Client } from '@aws-sdk/client-s3';

const run = promisify(execFile);

/** The fixed test keys scripts/rgw/start-rgw.sh gives its two users (throwaway local cluster only). */
export const RGW_ADMIN = { accessKeyId: 'AKIAADMIN0000000TEST', secretAccessKey: 'adminSecretKey0000000000000000000000TEST' };
export const RGW_ALT = { accessKeyId: 'AKIAALT00000000TEST0', secretAccessKey: 'altSecretKey00000000000000000000000TEST0' };

/** A free loopback port chosen by the OS (parallel suites must not race on the script's sequential pick). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}
const SCRIPTS = new URL('../../scripts/rgw/', import.meta.url).pathname;

export interface RgwServer {
  endpoint: string;
  dir: string;
  admin: { accessKeyId: string; secretAccessKey: string };
  alt: { accessKeyId: string; secretAccessKey: string };
  /** Canonical user ids (RGW uids) of the two users. */
  adminId: 'admin';
  altId: 'alt';
  client(user?: 'admin' | 'alt'): S3Client;
  stop(): Promise<void>;
}

/**
 * Start a throwaway Ceph RGW on 127.0.0.1 with the project's script. Throws with the script's output
 * when the server cannot start: a suite that needs it fails, it never skips.
 */
export async function startRgw(): Promise<RgwServer> {
  const dir = await mkdtemp(join(tmpdir(), 'bucketaudit-rgw-'));
  let stdout: string;
  try {
    ({ stdout } = await run('bash', [join(SCRIPTS, 'start-rgw.sh'), join(dir, 'c')], {
      env: { ...process.env, RGW_PORT: String(await freePort()), MON_PORT: String(await freePort()) },
      timeout: 120_000,
    }));
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(
      `Ceph RGW could not start (apt-get install radosgw ceph-mon ceph-osd ceph-common; see scripts/setup.sh): ${e.message}\n${e.stderr ?? ''}`,
    );
  }
  const endpoint = /S3_ENDPOINT=(\S+)/.exec(stdout)?.[1];
  const rgwDir = /RGW_DIR=(\S+)/.exec(stdout)?.[1];
  if (!endpoint || !rgwDir) throw new Error(`start-rgw.sh printed no endpoint:\n${stdout}`);
  const admin = RGW_ADMIN;
  const alt = RGW_ALT;
  return {
    endpoint,
    dir: rgwDir,
    admin,
    alt,
    adminId: 'admin',
    altId: 'alt',
    client(user = 'admin') {
      return new S3Client({
        endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: user === 'admin' ? admin : alt,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
      });
    },
    async stop() {
      await run('bash', [join(SCRIPTS, 'stop-rgw.sh'), rgwDir], { timeout: 60_000 }).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
