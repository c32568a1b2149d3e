import { describe, expect, it } from 'vitest';
import * as lib from '../src/index.js';

describe('library API', () => {
  it('exposes the pipeline pieces for use as a library', () => {
    for (const name of [
      'audit',
      'analyzeResource',
      'runChecks',
      'buildReport',
      'renderReport',
      'readPlan',
      'sweep',
      'createScheduler',
      'collectAws',
      'collectGcp',
      'collectAzure',
    ]) {
      expect(typeof (lib as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(lib.CHECKS.length).toBeGreaterThan(20);
  });
});
