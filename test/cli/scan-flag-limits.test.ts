/**
 * scan flags whose value past a ceiling was not honoured: --timeout above 2^31-1 ms became a 1 ms timer (Node's
 * TimeoutOverflowWarning: every request failed at once), --workers above 16 was cut to 16 without a word.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

describe('scan: numeric flags out of range -> exit 2, one line, before any request', () => {
  const cases: [string, string[], RegExp][] = [
    ['--timeout past the 32-bit timer', ['--timeout', '9999999999'], /--timeout must be at most 600000 .*got "9999999999"/],
    ['--timeout over 10 minutes', ['--timeout', '600001'], /--timeout must be at most 600000/],
    ['--workers over the adapter maximum', ['--workers', '17'], /--workers must be at most 16 .*got "17"/],
    ['--timeout 0', ['--timeout', '0'], /--timeout must be a positive integer, got "0"/],
    ['--concurrency -1', ['--concurrency', '-1'], /--concurrency must be a positive integer, got "-1"/],
    // each AWS worker thread ran its share as that many loops: 1e9 exhausted memory on a 3,000+ bucket account
    ['--concurrency over 1024', ['--concurrency', '1000000000'], /--concurrency must be at most 1024 .*got "1000000000"/],
    ['--max-rps 0.5', ['--max-rps', '0.5'], /--max-rps must be a positive integer, got "0.5"/],
  ];
  it.each(cases)('%s', async (_n, flags, re) => {
    // An endpoint nothing listens on: were the value accepted, the scan would run and exit 0 with an error row.
    const r = await runCli(['scan', '-p', 'aws', '--aws-endpoint', 'http://127.0.0.1:9', '-q', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
    expect(r.stderr).not.toMatch(/TimeoutOverflowWarning|\n\s+at /);
    expect(r.stdout).toBe('');
  });
});
