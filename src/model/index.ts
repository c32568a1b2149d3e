export type * from './assessment.js';
export type * from './finding.js';
export type * from './known.js';
export type * from './resource.js';
export type * from './source.js';
export type * from './report.js';
