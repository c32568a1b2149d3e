import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { READ_ONLY_COMMANDS } from '../../../providers/aws/readonly.js';

interface Doc {
  Statement: { Effect: string; Action: string | string[] }[];
}

function awsPolicy(): Doc {
  const md = readFileSync(new URL('../../../docs/permissions.md', import.meta.url), 'utf8');
  const section = md.split(/^## AWS\s*$/m)[1]?.split(/^## /m)[0];
  if (!section) throw new Error('docs/permissions.md has no "## AWS" section');
  const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
  if (!json) throw new Error('the AWS section has no ```json block');
  return JSON.parse(json) as Doc;
}

describe('docs/permissions.md (AWS)', () => {
  const doc = awsPolicy();
  const actions = new Set(
    doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
  );

  it('covers every command the adapter may send', () => {
    const missing: string[] = [];
    for (const [service, commands] of Object.entries(READ_ONLY_COMMANDS)) {
      for (const [command, action] of Object.entries(commands)) {
        if (action !== null && !actions.has(action)) missing.push(`${service} ${command} -> ${action}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('grants only read actions (no Put/Delete/Create/Update, no wildcards)', () => {
    for (const a of actions) {
      expect(a).not.toMatch(/\*|:(Put|Delete|Create|Update|Attach|Detach|Tag|Untag|Restore|Abort|Replicate)/);
    }
  });

  it('has no action the adapter never needs', () => {
    const needed = new Set(
      Object.values(READ_ONLY_COMMANDS).flatMap((c) => Object.values(c).filter((a): a is string => a !== null)),
    );
    expect([...actions].filter((a) => !needed.has(a))).toEqual([]);
  });

  it('allowlist has only read-style command names', () => {
    for (const commands of Object.values(READ_ONLY_COMMANDS)) {
      for (const name of Object.keys(commands)) expect(name).toMatch(/^(Get|List|Head|AssumeRole)/);
    }
  });
});
