import type { AnalyzerContext } from '../analyzer/context.js';
import type { Assessment, Finding } from '../model/index.js';

// PLACEHOLDER: the checks catalog replaces this.
export function runChecks(_assessments: readonly Assessment[], _ctx: AnalyzerContext): Finding[] {
  return [];
}
