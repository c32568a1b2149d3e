import { parseConfig } from '../../src/config/load.js';

/** What parseConfig throws for this bucketaudit.yaml text, or undefined when it is accepted. */
export function errorOf(text: string): unknown {
  try {
    parseConfig(text, 'bucketaudit.yaml');
  } catch (e) {
    return e;
  }
  return undefined;
}

/** An allowlist entry for "www-*" with these lines under it. */
export const entry = (lines: string[]) => ['allowlist:', '  - resource: "www-*"', ...lines.map((l) => `    ${l}`)].join('\n');
