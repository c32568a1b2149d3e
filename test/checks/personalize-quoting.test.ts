import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REGISTRY, personalize } from '../../src/checks/index.js';
import { resource } from './_assessments.js';

/** What a POSIX shell passes as argv for a command line (no command is run: printf echoes the words). */
function words(cmdline: string): string[] {
  const out = execFileSync('/bin/sh', ['-c', `set -- ${cmdline}; printf '%s\\n' "$@"`], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin' },
  });
  return out.split('\n').slice(0, -1);
}

const cli = 'az storage container set-permission --account-name ACCOUNT --name CONTAINER --public-access off -g RG';

describe('names substituted into pasted commands reach the CLI as one literal word', () => {
  it.each([
    // Azure system containers start with "$": unquoted, the shell expands "$web" to an empty word.
    ['$web container', resource('azure', '$web', { azureAccount: 'acct1' }), '$web'],
    ['$root container', resource('azure', '$root', { azureAccount: 'acct1' }), '$root'],
    ['plain container', resource('azure', 'images', { azureAccount: 'acct1' }), 'images'],
    ['resource-shaped name with parentheses', resource('azure', '$(id)', { azureAccount: 'acct1' }), '$(id)'],
  ])('%s', (_label, r, name) => {
    const w = words(personalize({ summary: 's', cli }, r).cli!);
    expect(w[w.indexOf('--name') + 1]).toBe(name);
  });

  it('a GCS bucket name with underscores is filled in (underscore is shell-safe)', () => {
    const rem = REGISTRY.byId('BA-GCP-005')!.remediation;
    const w = words(personalize(rem, resource('gcp', 'my_bucket.example')).cli!);
    expect(w).toContain('gs://my_bucket.example');
  });

  it.each(['x; rm -rf /', "a'b", 'a`id`', '-rf', 'a b', 'a\nb'])('never pastes %j', (name) => {
    const out = personalize({ summary: 's', cli: 'x --name CONTAINER' }, resource('azure', name, { azureAccount: 'acct1' }));
    expect(out.cli).toBe('x --name CONTAINER');
  });
});
