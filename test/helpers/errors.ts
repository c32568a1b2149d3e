import { expect } from 'vitest';
import { BucketAuditError } from '../../src/errors.js';

/** The BucketAuditError `f` throws (the test fails if it throws something else, or nothing). */
export function bucketAuditErrorOf(f: () => unknown): BucketAuditError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(BucketAuditError);
    return err as BucketAuditError;
  }
  throw new Error('no error thrown');
}
