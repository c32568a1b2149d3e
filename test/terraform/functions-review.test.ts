/**
 * Built-in functions and operators compared with Terraform's documented behaviour: where the evaluator returned a
 * different known value than Terraform (or a value where Terraform fails), it now returns Terraform's value, or an
 * unknown (a failure try() falls back past, when Terraform fails). Each case failed before its fix.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { AwsS3Facts, StorageResource } from '../../src/model/index.js';
import { loadTerraform } from '../../src/terraform/index.js';
import { applySteps, Computed, evaluateHclJson, type Scope } from '../../src/terraform/expr.js';
import { removeScratch, scratch, verdictsOf } from './audit-load.js';

/** "${expr}" as hcl2json writes an expression attribute. */
const X = (e: string) => ['$', '{', e, '}'].join('');
const vars: Record<string, unknown> = { nul: null, unk: new Computed('known after apply') };
const scope: Scope = { traverse: (root, steps) => (root === 'var' ? applySteps(vars, steps) : new Computed(root)) };
const ev = (e: string) => evaluateHclJson(X(e), scope);
/** Terraform fails: an unknown that try() falls back past. */
const fails = (e: string) => {
  const v = ev(e);
  expect(v, e).toBeInstanceOf(Computed);
  expect((v as Computed).error, e).toBe(true);
  expect(ev(`try(${e}, "fallback")`), e).toBe('fallback');
};
/** Not known for sure: an unknown, never a guess. */
const unknown = (e: string) => expect(ev(e), e).toBeInstanceOf(Computed);
const is = (e: string, want: unknown) => expect(ev(e), e).toEqual(want);

afterAll(removeScratch);

/** Audit a main.tf: verdict and facts of the bucket named `name`. */
async function auditTf(tf: string, name: string) {
  const dir = await scratch({ 'main.tf': tf });
  const l = await loadTerraform([dir], '/', {});
  const verdict = (await verdictsOf(l))[name];
  const facts = (l.resources.find((r: StorageResource) => r.name === name)?.facts ?? {}) as AwsS3Facts;
  return { verdict, facts };
}

/** A bucket `name` with its public access block off, ACLs enabled, and `acl = <aclExpr>`; `extra` before it. */
const aclBucket = (name: string, aclExpr: string, extra = '') => `${extra}
resource "aws_s3_bucket" "b" {
  bucket = "${name}"
}
resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}
resource "aws_s3_bucket_ownership_controls" "b" {
  bucket = aws_s3_bucket.b.id
  rule {
    object_ownership = "BucketOwnerPreferred"
  }
}
resource "aws_s3_bucket_acl" "b" {
  bucket = aws_s3_bucket.b.id
  acl    = ${aclExpr}
}
`;

describe('string functions take strings (numbers and bools convert), null is an error', () => {
  it('lower/upper/trimspace/split/replace of null fail (they returned "null")', () => {
    for (const e of ['lower(null)', 'upper(var.nul)', 'trimspace(null)', 'split(",", null)', 'replace(null, "a", "b")']) fails(e);
    fails('lower(["A"])');
    is('upper(5)', '5');
    is('upper(true)', 'TRUE');
  });

  it("upper/lower with a full case mapping Go does not apply (ß -> SS) are unknown, not JavaScript's", () => {
    unknown('upper("straße")');
    is('lower("ÄB")', 'äb');
  });

  it('length counts Unicode grapheme clusters and fails on a number or bool (it gave UTF-16 units, or 0)', () => {
    is('length("he\\u0301llo")', 5);
    is('length("\\U0001F600")', 1);
    fails('length(5)');
    fails('length(true)');
    fails('length(null)');
  });

  it('join takes several lists and fails on null or non-string elements (it read one list, "null", "a")', () => {
    is('join(",", ["a"], ["b", 1, true])', 'a,b,1,true');
    fails('join(",", ["a", null])');
    fails('join(",", [["a"]])');
    fails('join(",", "a")');
  });

  it('replace with an empty search string inserts between characters, as Go does', () => {
    is('replace("ab", "", "x")', 'xaxbx');
    unknown('replace("ab", "/a/", "x")');
  });

  it('tostring(null) is null (a try() fallback was taken instead)', () => {
    is('try(tostring(null), "fallback")', null);
    fails('tostring(["a"])');
  });

  it('tonumber and arithmetic read decimal numbers only (0x10 was 16, " 5" was 5)', () => {
    fails('tonumber("0x10")');
    fails('tonumber(" 5")');
    fails('tonumber("Infinity")');
    fails('"0b1" + 1');
    is('tonumber("1e3")', 1000);
    is('"1" + 1', 2);
    is('tonumber("-.5")', -0.5);
  });

  it('format: %t, %d of a numeric string, %%; too few arguments, null, a fraction for %d fail; flags are unknown', () => {
    is('format("%t/%s/%d/%%", true, true, "12")', 'true/true/12/%');
    fails('format("%s")');
    fails('format("%s", null)');
    fails('format("%d", 1.5)');
    fails('format("%t", "yes")');
    unknown('format("%5s", "a")');
    unknown('format("%q", "a")');
    unknown('format("%v", ["a"])');
    is('format("%s-%v", "a", 2)', 'a-2');
  });

  it('end to end: acl = try(lower(var.acl), "public-read") with var.acl null is PUBLIC (it was acl "null")', async () => {
    const r = await auditTf(
      aclBucket('ba-fn-lower', 'try(lower(var.acl), "public-read")', 'variable "acl" {\n  default = null\n}'),
      'ba-fn-lower',
    );
    expect(r.facts.acl).toMatchObject({ known: true });
    expect(r.verdict).toBe('PUBLIC');
  });

  it('end to end: format("%t", false) == "false" ? "public-read" : "private" is PUBLIC (%t stayed literal: PRIVATE)', async () => {
    const r = await auditTf(
      aclBucket('ba-fn-format', 'format("%t", false) == "false" ? "public-read" : "private"'),
      'ba-fn-format',
    );
    expect(r.verdict).toBe('PUBLIC');
    const u = await auditTf(
      aclBucket('ba-fn-format2', 'format("%.7s", "private-x") == "private" ? "private" : "public-read"'),
      'ba-fn-format2',
    );
    expect(u.facts.acl).toMatchObject({ known: false });
    expect(u.verdict).not.toBe('PRIVATE');
  });
});

describe('collection functions check their argument types and compare by value, as Terraform does', () => {
  it('concat of a non-list, keys/lookup/merge of a list, tomap of a list, tolist of a map fail (they returned values)', () => {
    fails('concat("a", ["b"])');
    fails('keys(["a"])');
    fails('values(["a"])');
    fails('lookup(["a"], 0, "d")');
    fails('merge({ a = 1 }, ["x"])');
    fails('tomap(["a"])');
    fails('tolist({ a = 1 })');
    fails('zipmap(["a", "b"], [1])');
    fails('range("x")');
    is('merge(null, { a = 1 }, null)', { a: 1 });
  });

  it('object keys are the object\'s own: lookup({}, "toString", d) is d, ["a"].length and {a=1}.constructor fail', () => {
    is('lookup({}, "toString", "d")', 'd');
    fails('["a"].length');
    fails('{ a = 1 }.constructor');
    is('length({ "__proto__" = "x" })', 1);
    is('keys(merge({ "__proto__" = "x" }))', ['__proto__']);
  });

  it('element with a negative index fails (-3 of three elements was the first)', () => {
    fails('element(["a", "b", "c"], -3)');
    fails('element(["a", "b", "c"], -1)');
    fails('element(["a"], 0.5)');
    is('element(["a", "b", "c"], 4)', 'b');
  });

  it('contains and distinct compare values, not JavaScript object identity', () => {
    is('contains([{ a = 1 }], { a = 1 })', true);
    is('contains(["1"], 1)', false);
    is('distinct([{ a = 1 }, { a = 1 }, ["x"], ["x"]])', [{ a: 1 }, ['x']]);
  });

  it('toset orders strings and numbers as Terraform sets do; tolist/toset/tomap unify number and bool to string', () => {
    is('tolist(toset(["b", "a", "b"]))', ['a', 'b']);
    is('tolist(toset([10, 9, 1]))', [1, 9, 10]);
    is('tolist([1, "a", true])', ['1', 'a', 'true']);
    is('tolist(toset(["a", 1]))', ['1', 'a']);
    is('tomap({ a = 1, b = "x" })', { a: '1', b: 'x' });
    fails('tolist([1, true])');
  });

  it('coalesce converts its arguments to one type ("" then 1 gives "1") and fails when they have none', () => {
    is('coalesce("", 1)', '1');
    is('coalesce(null, 0, 1)', 0);
    fails('coalesce(1, true)');
    fails('coalesce(null, "")');
  });

  it('end to end: acl = element(["private", "public-read"], -2) is UNKNOWN (Terraform fails), not PRIVATE', async () => {
    const r = await auditTf(aclBucket('ba-fn-element', 'element(["private", "public-read"], -2)'), 'ba-fn-element');
    expect(r.facts.acl).toMatchObject({ known: false });
    expect(r.verdict).not.toBe('PRIVATE');
  });

  it('end to end: acl = coalesce(var.acl, 1) == "1" ? "public-read" : "private" with acl "" is PUBLIC', async () => {
    const r = await auditTf(
      aclBucket(
        'ba-fn-coalesce',
        'coalesce(var.acl, 1) == "1" ? "public-read" : "private"',
        'variable "acl" {\n  default = ""\n}',
      ),
      'ba-fn-coalesce',
    );
    expect(r.verdict).toBe('PUBLIC');
  });
});

describe('jsonencode writes what Terraform writes; == and arithmetic follow Terraform', () => {
  it('jsonencode sorts object keys, escapes < > & as Go does, and writes no exponent', () => {
    is('jsonencode({ b = 1, a = { d = true, c = null } })', '{"a":{"c":null,"d":true},"b":1}');
    is('jsonencode("<a&b>")', '"\\u003ca\\u0026b\\u003e"');
    is('jsonencode([1.5, -2, "x"])', '[1.5,-2,"x"]');
    unknown('jsonencode(1e21)');
  });

  it('keys and values order map keys by code point as Terraform does (not by UTF-16 unit)', () => {
    // U+FF01 before U+1F600 by code point; by UTF-16 unit the emoji's surrogate (0xD83D) sorted first
    is('keys({ "\u{1F600}" = 1, "\uFF01" = 2 })', ['\uFF01', '\u{1F600}']);
    is('values({ "\u{1F600}" = 1, "\uFF01" = 2 })', [2, 1]);
  });

  it('== of values holding an unknown is unknown (the Computed was serialised and compared)', () => {
    unknown('[var.unk] == ["a"]');
    unknown('{ a = var.unk } != { a = "b" }');
  });

  it('== of equal collections is unknown (Terraform also compares types: list vs tuple, map vs object), not key order', () => {
    unknown('{ a = 1, b = 2 } == { b = 2, a = 1 }');
    unknown('[1] == [1]');
    is('{ a = 1 } == { a = 2 }', false);
    is('"1" == 1', false);
    is('[1] == ["1"]', false);
  });

  it('division and modulo by zero fail (Infinity, NaN); inexact fractions and big integers are unknown', () => {
    fails('1 / 0');
    fails('1 % 0');
    is('1 / 2', 0.5);
    is('7 % 3', 1);
    unknown('0.1 + 0.2');
    unknown('9007199254740993');
    unknown(`"${X('9007199254740992 * 3')}"`);
  });

  it('end to end: acl = 1 / 0 > 1 ? "private" : "public-read" is UNKNOWN (Infinity > 1: PRIVATE)', async () => {
    const r = await auditTf(aclBucket('ba-fn-div', '1 / 0 > 1 ? "private" : "public-read"'), 'ba-fn-div');
    expect(r.facts.acl).toMatchObject({ known: false });
    expect(r.verdict).not.toBe('PRIVATE');
  });
});

describe('for expressions, conditionals and templates as Terraform evaluates them', () => {
  it('for over null, a string or a number fails (it was an empty list: a policy with no statement)', () => {
    fails('[for s in null : s]');
    fails('[for s in "abc" : s]');
    fails('{ for s in 5 : s => s }');
  });

  it('a for condition converts "false" to false and fails on a non-bool (JavaScript truthiness kept "false")', () => {
    is('[for s in ["a", "b"] : s if s == "a" ? "true" : "false"]', ['a']);
    fails('[for s in ["a"] : s if 1]');
  });

  it('a for expression producing the same key twice without ... fails (the last value was kept)', () => {
    fails('{ for s in ["a", "b"] : "k" => s }');
    is('{ for s in ["a", "b"] : "k" => s... }', { k: ['a', 'b'] });
  });

  it('a conditional converts its result to the type both branches share; none shared fails', () => {
    is('true ? 1 : "x"', '1');
    is('false ? true : "x"', 'x');
    fails('true ? "public-read" : ["x"]');
    fails('true ? 1 : false');
  });

  it('~ strip markers in a nested template remove the whitespace beside them', () => {
    is(`lower("a  ${X('~ "B" ~')}  c")`, 'abc');
    is(`lower("a ${X('"B" ~')} c")`, 'a bc');
  });

  it('end to end: acl = length([for s in var.n : s]) == 0 ? "private" : "public-read" with n = null is UNKNOWN', async () => {
    const r = await auditTf(
      aclBucket(
        'ba-fn-for',
        'length([for s in var.n : s]) == 0 ? "private" : "public-read"',
        'variable "n" {\n  default = null\n}',
      ),
      'ba-fn-for',
    );
    expect(r.facts.acl).toMatchObject({ known: false });
    expect(r.verdict).not.toBe('PRIVATE');
  });
});
