// Public library API: re-exports only.
export type * from './model/index.js';
export { analyzeAll, analyzeResource, defaultContext } from './analyzer/index.js';
export type { AnalyzerContext, TrustZone } from './analyzer/index.js';
export { BucketAuditError } from './errors.js';
export { VERSION } from './version.js';
export { audit } from './audit.js';
export type { AuditInput } from './audit.js';
