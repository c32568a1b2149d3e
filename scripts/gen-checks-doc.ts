/** `npm run docs:checks`: regenerate docs/checks.md from the check metadata. */
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHECKS } from '../src/checks/index.js';
import { renderChecksDoc } from '../src/checks/doc.js';

const target = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'checks.md');
writeFileSync(target, renderChecksDoc(CHECKS));
process.stdout.write(`wrote ${target} (${CHECKS.length} checks)\n`);
