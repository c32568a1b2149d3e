import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const ROOT = join(import.meta.dirname, '../..');

describe('report output', () => {
  it('hands the exit code over before streaming the report (a reader that leaves mid-stream must not turn 1 into 0)', async () => {
    const events: string[] = [];
    const code = await main(['terraform', 'mocks/terraform/s3-public-policy', '--format', 'json', '--fail-on', 'high'], {
      stdout: { write: () => events.push('write') },
      stderr: { write: () => true },
      env: {},
      cwd: ROOT,
      setExitCode: (c) => events.push(`exit ${c}`),
    });
    expect(code).toBe(1);
    expect(events[0]).toBe('exit 1');
    expect(events.filter((e) => e === 'write').length).toBeGreaterThan(0);
  });
});
