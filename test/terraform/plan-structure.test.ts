import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { BucketAuditError } from '../../src/errors.js';
import { readPlan, readPlanObject } from '../../src/terraform/plan.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests mutate arbitrary parts of a JSON document
type Doc = Record<string, any>;

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = 'an object with string "address", "type" and "name"';

function resource(address: string, name: string, values: Doc): Doc {
  return {
    address,
    mode: 'managed',
    type: 'aws_s3_bucket',
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 0,
    values,
    sensitive_values: {},
  };
}

/** A minimal valid plan: one bucket at the root (planned_values + resource_changes), one in module "m". */
function validPlan(): Doc {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    variables: { env: { value: 'dev' } },
    planned_values: {
      root_module: {
        resources: [resource('aws_s3_bucket.b', 'b', { bucket: 'ba-root' })],
        child_modules: [{ address: 'module.m', resources: [resource('module.m.aws_s3_bucket.c', 'c', { bucket: 'ba-mod' })] }],
      },
    },
    resource_changes: [
      {
        address: 'aws_s3_bucket.b',
        mode: 'managed',
        type: 'aws_s3_bucket',
        name: 'b',
        provider_name: 'registry.terraform.io/hashicorp/aws',
        change: { actions: ['create'], before: null, after: { bucket: 'ba-root' }, after_unknown: { id: true } },
      },
    ],
    prior_state: { format_version: '1.0', values: { root_module: {} } },
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
      root_module: {
        resources: [{ address: 'aws_s3_bucket.b', mode: 'managed', type: 'aws_s3_bucket', name: 'b', expressions: {} }],
        module_calls: { m: { source: './m', module: { resources: [] } } },
      },
    },
  };
}

function validState(): Doc {
  return {
    format_version: '1.0',
    values: { root_module: { resources: [resource('aws_s3_bucket.s', 's', { bucket: 'ba-state' })] } },
  };
}

/** The error readPlan throws for `doc` (pretty-printed, as terraform show -json | jq would). */
function errorOf(doc: Doc, file = 'plan.json'): { err: BucketAuditError; text: string } {
  const text = JSON.stringify(doc, null, 2);
  try {
    readPlan(text, file);
  } catch (err) {
    return { err: err as BucketAuditError, text };
  }
  throw new Error('readPlan accepted a malformed document');
}

interface Case {
  name: string;
  base?: () => Doc;
  mutate: (d: Doc) => void;
  /** Start of the message: the JSON path and what was expected. */
  message: string;
  /** The reported line holds this text. */
  lineHas: string;
}

const cases: Case[] = [
  {
    name: 'child_modules not an array',
    mutate: (d) => (d.planned_values.root_module.child_modules = 'x'),
    message: 'planned_values.root_module.child_modules: expected an array (got a string)',
    lineHas: '"child_modules": "x"',
  },
  {
    name: 'resources not an array',
    mutate: (d) => (d.planned_values.root_module.resources = {}),
    message: 'planned_values.root_module.resources: expected an array (got an object)',
    lineHas: '"resources": {}',
  },
  {
    name: 'a resources entry that is not an object',
    mutate: (d) => d.planned_values.root_module.resources.push('oops'),
    message: `planned_values.root_module.resources[1]: expected ${ENTRY} (got a string)`,
    lineHas: '"oops"',
  },
  {
    name: 'a child module resource without a name',
    mutate: (d) => delete d.planned_values.root_module.child_modules[0].resources[0].name,
    message: `planned_values.root_module.child_modules[0].resources[0]: expected ${ENTRY} ("name" is missing)`,
    lineHas: '{',
  },
  {
    name: 'a resource whose type is not a string',
    mutate: (d) => (d.planned_values.root_module.resources[0].type = 5),
    message: `planned_values.root_module.resources[0]: expected ${ENTRY} ("type" is a number)`,
    lineHas: '{',
  },
  {
    name: 'an unknown resource mode',
    mutate: (d) => (d.planned_values.root_module.resources[0].mode = 'weird'),
    message: 'planned_values.root_module.resources[0].mode: expected "managed" or "data" (got "weird")',
    lineHas: '"mode": "weird"',
  },
  {
    name: 'resource values not an object',
    mutate: (d) => (d.planned_values.root_module.resources[0].values = 'x'),
    message: 'planned_values.root_module.resources[0].values: expected an object',
    lineHas: '"values": "x"',
  },
  {
    name: 'a child_modules entry that is not an object',
    mutate: (d) => d.planned_values.root_module.child_modules.push(7),
    message: 'planned_values.root_module.child_modules[1]: expected an object (got a number)',
    lineHas: '7',
  },
  {
    name: 'planned_values not an object',
    mutate: (d) => (d.planned_values = []),
    message: 'planned_values: expected an object (got an array)',
    lineHas: '"planned_values": []',
  },
  {
    name: 'resource_changes not an array',
    mutate: (d) => (d.resource_changes = {}),
    message: 'resource_changes: expected an array (got an object)',
    lineHas: '"resource_changes": {}',
  },
  {
    name: 'a resource_changes entry that is not an object',
    mutate: (d) => d.resource_changes.push(null),
    message: `resource_changes[1]: expected ${ENTRY} (got null)`,
    lineHas: 'null',
  },
  {
    name: 'a resource_changes entry without an address',
    mutate: (d) => delete d.resource_changes[0].address,
    message: `resource_changes[0]: expected ${ENTRY} ("address" is missing)`,
    lineHas: '{',
  },
  {
    name: 'a resource_changes entry without change',
    mutate: (d) => delete d.resource_changes[0].change,
    message: 'resource_changes[0].change: expected an object',
    lineHas: '{',
  },
  {
    name: 'change not an object',
    mutate: (d) => (d.resource_changes[0].change = ['create']),
    message: 'resource_changes[0].change: expected an object (got an array)',
    lineHas: '"change": [',
  },
  {
    name: 'change.actions not an array',
    mutate: (d) => (d.resource_changes[0].change.actions = 'create'),
    message: 'resource_changes[0].change.actions: expected an array of strings',
    lineHas: '"actions": "create"',
  },
  {
    name: 'change.actions with a non-string',
    mutate: (d) => (d.resource_changes[0].change.actions = ['create', 1]),
    message: 'resource_changes[0].change.actions: expected an array of strings',
    lineHas: '"actions": [',
  },
  {
    name: 'change.actions missing (the line is the change object)',
    mutate: (d) => delete d.resource_changes[0].change.actions,
    message: 'resource_changes[0].change.actions: expected an array of strings (missing)',
    lineHas: '"change": {',
  },
  {
    name: 'change.after not an object',
    mutate: (d) => (d.resource_changes[0].change.after = 'x'),
    message: 'resource_changes[0].change.after: expected an object or null (got a string)',
    lineHas: '"after": "x"',
  },
  {
    name: 'change.after_unknown an array',
    mutate: (d) => (d.resource_changes[0].change.after_unknown = []),
    message: 'resource_changes[0].change.after_unknown: expected an object, a boolean or null (got an array)',
    lineHas: '"after_unknown": []',
  },
  {
    name: 'module_address not a string',
    mutate: (d) => (d.resource_changes[0].module_address = 1),
    message: 'resource_changes[0].module_address: expected a string (got a number)',
    lineHas: '"module_address": 1',
  },
  {
    name: 'prior_state not an object',
    mutate: (d) => (d.prior_state = 'x'),
    message: 'prior_state: expected an object (got a string)',
    lineHas: '"prior_state": "x"',
  },
  {
    name: 'prior_state.values.root_module not an object',
    mutate: (d) => (d.prior_state.values.root_module = []),
    message: 'prior_state.values.root_module: expected an object (got an array)',
    lineHas: '"root_module": []',
  },
  {
    name: 'variables not an object',
    mutate: (d) => (d.variables = []),
    message: 'variables: expected an object (got an array)',
    lineHas: '"variables": []',
  },
  {
    name: 'a variable that is not an object',
    mutate: (d) => (d.variables['my-var'] = 3),
    message: 'variables["my-var"]: expected an object (got a number)',
    lineHas: '"my-var": 3',
  },
  {
    name: 'configuration not an object',
    mutate: (d) => (d.configuration = 'x'),
    message: 'configuration: expected an object (got a string)',
    lineHas: '"configuration": "x"',
  },
  {
    name: 'configuration resources not an array',
    mutate: (d) => (d.configuration.root_module.resources = {}),
    message: 'configuration.root_module.resources: expected an array (got an object)',
    lineHas: '"resources": {}',
  },
  {
    name: 'a module call that is not an object',
    mutate: (d) => (d.configuration.root_module.module_calls.m = 1),
    message: 'configuration.root_module.module_calls.m: expected an object (got a number)',
    lineHas: '"m": 1',
  },
  {
    name: 'state: values not an object',
    base: validState,
    mutate: (d) => (d.values = 'x'),
    message: 'values: expected an object (got a string)',
    lineHas: '"values": "x"',
  },
  {
    name: 'state: values.root_module not an object',
    base: validState,
    mutate: (d) => (d.values.root_module = 'x'),
    message: 'values.root_module: expected an object (got a string)',
    lineHas: '"root_module": "x"',
  },
  {
    name: 'state: a resource without an address',
    base: validState,
    mutate: (d) => delete d.values.root_module.resources[0].address,
    message: `values.root_module.resources[0]: expected ${ENTRY} ("address" is missing)`,
    lineHas: '{',
  },
];

describe('readPlan: malformed structure is an input error naming the JSON path, file and line', () => {
  it.each(cases)('$name', ({ base = validPlan, mutate, message, lineHas }) => {
    const doc = base();
    mutate(doc);
    const { err, text } = errorOf(doc, 'dir/plan.json');
    expect(err).toBeInstanceOf(BucketAuditError);
    expect(err.code).toBe('INPUT');
    expect(err.file).toBe('dir/plan.json');
    expect(err.message.startsWith(message), err.message).toBe(true);
    expect(err.line).toBeGreaterThan(1);
    expect(text.split('\n')[err.line! - 1]).toContain(lineHas);
  });

  it('the line of a bad entry is the line where that entry starts', () => {
    const doc = validPlan();
    delete doc.planned_values.root_module.child_modules[0].resources[0].type;
    const { err, text } = errorOf(doc);
    const lines = text.split('\n');
    expect(lines[err.line! - 1]!.trim()).toBe('{');
    expect(lines[err.line!]).toContain('"address": "module.m.aws_s3_bucket.c"');
  });

  it('readPlanObject without the text still names the path and the file', () => {
    const doc = validPlan();
    doc.planned_values.root_module.resources = {};
    expect(() => readPlanObject(doc, 'x.json')).toThrow(
      expect.objectContaining({
        code: 'INPUT',
        file: 'x.json',
        message: expect.stringMatching(/^planned_values\.root_module\.resources:/),
      }),
    );
  });
});

describe('readPlan: keys Terraform omits when empty may be absent, but not present with the wrong type', () => {
  const optional: { path: string; get: (d: Doc) => [Doc, string]; wrong: unknown }[] = [
    { path: 'variables', get: (d) => [d, 'variables'], wrong: 'x' },
    { path: 'configuration', get: (d) => [d, 'configuration'], wrong: 1 },
    { path: 'prior_state', get: (d) => [d, 'prior_state'], wrong: [] },
    { path: 'planned_values', get: (d) => [d, 'planned_values'], wrong: 'x' },
    { path: 'resource_changes', get: (d) => [d, 'resource_changes'], wrong: {} },
    { path: 'planned_values.root_module.resources', get: (d) => [d.planned_values.root_module, 'resources'], wrong: 1 },
    {
      path: 'planned_values.root_module.child_modules',
      get: (d) => [d.planned_values.root_module, 'child_modules'],
      wrong: {},
    },
    { path: 'resource_changes[0].change.after', get: (d) => [d.resource_changes[0].change, 'after'], wrong: 2 },
    {
      path: 'resource_changes[0].change.after_unknown',
      get: (d) => [d.resource_changes[0].change, 'after_unknown'],
      wrong: 'x',
    },
  ];
  it.each(optional)('$path', ({ path, get, wrong }) => {
    const absent = validPlan();
    const [parent, key] = get(absent);
    delete parent[key];
    expect(() => readPlan(JSON.stringify(absent), 'plan.json')).not.toThrow();
    const bad = validPlan();
    const [p2, k2] = get(bad);
    p2[k2] = wrong;
    expect(() => readPlan(JSON.stringify(bad), 'plan.json')).toThrow(`${path}: expected`);
  });

  it('a sparse but valid plan and state still read: no resources, no child modules, after null on delete', () => {
    const plan = readPlan(
      JSON.stringify({
        format_version: '1.2',
        planned_values: { root_module: {} },
        resource_changes: [
          {
            address: 'aws_s3_bucket.gone',
            type: 'aws_s3_bucket',
            name: 'gone',
            change: { actions: ['delete'], before: { bucket: 'g' }, after: null, after_unknown: {} },
          },
          { address: 'aws_s3_bucket.b', type: 'aws_s3_bucket', name: 'b', change: { actions: ['create'] } },
        ],
      }),
      'plan.json',
    );
    expect(plan.kind).toBe('plan');
    expect(plan.blocks.map((b) => [b.address, b.mode, b.isNew])).toEqual([['aws_s3_bucket.b', 'managed', true]]);
    const state = readPlan('{"format_version":"1.0","values":{}}', 'state.json');
    expect(state).toMatchObject({ kind: 'state', blocks: [] });
  });
});

describe('resource changes that leave the configuration', () => {
  it.each(['delete', 'forget'])(
    'a ["%s"] change is not audited (after the apply this configuration does not manage it)',
    (action) => {
      const doc = validPlan();
      doc.planned_values.root_module.resources = [];
      doc.resource_changes[0].change = { actions: [action], before: { bucket: 'ba-root' }, after: null };
      const r = readPlanObject(doc, 'plan.json', JSON.stringify(doc));
      expect(r.blocks.map((b) => b.address)).not.toContain('aws_s3_bucket.b');
      expect(r.blocks.map((b) => b.address)).toContain('module.m.aws_s3_bucket.c');
    },
  );
});

describe('bucketaudit terraform: a malformed plan file', () => {
  it('exits 2 with one line naming file:line and the JSON path, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ba-plan-structure-'));
    const file = join(dir, 'plan.json');
    const doc = validPlan();
    doc.planned_values.root_module.child_modules = 'x';
    writeFileSync(file, JSON.stringify(doc, null, 2));
    let out = '';
    let err = '';
    const code = await main(['terraform', file, '--format', 'json'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: ROOT,
    });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(
      /^bucketaudit: \S*plan\.json:\d+: planned_values\.root_module\.child_modules: expected an array \(got a string\)\n$/,
    );
    expect(err).not.toMatch(/\bat \S+:\d+|internal error/);
  });
});
