export type { Framework } from './frameworks.js';
export { FRAMEWORKS, frameworkOf, isKnownFramework } from './frameworks.js';
export * from './mappings.js';
