import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';

/** Azurite's well-known development account (public, documented test credentials). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteServer {
  /** Blob service URL of the dev account: http://127.0.0.1:PORT/devstoreaccount1 */
  blobEndpoint: string;
  port: number;
  /** Authenticated (shared key) client for seeding. */
  client(): BlobServiceClient;
  stop(): Promise<void>;
}

/** Start azurite-blob in memory on a free loopback port; fails (never skips) when it cannot start. */
export async function startAzurite(): Promise<AzuriteServer> {
  const bin = new URL('../../node_modules/.bin/azurite-blob', import.meta.url).pathname;
  // Run in a temp cwd: azurite writes its debug/extent files relative to it.
  const dir = await mkdtemp(join(tmpdir(), 'bucketaudit-azurite-'));
  const child: ChildProcess = spawn(
    bin,
    [
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--skipApiVersionCheck',
      '--loose',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`azurite did not start in 30 s:\n${out}`)), 30_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /successfully listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`azurite exited with ${code}:\n${out}`));
    });
  });
  const blobEndpoint = `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint,
    port,
    client: () => new BlobServiceClient(blobEndpoint, new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY)),
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 200));
      await rm(dir, { recursive: true, force: true });
    },
  };
}
