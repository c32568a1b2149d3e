import { type CatalogAction, S3_ACTIONS } from './action-catalog.js';
import { globMatch } from './glob.js';

/** the catalog actions an Action / NotAction list matches (case-insensitive glob). */
export function matchActions(patterns: readonly string[], negated: boolean): CatalogAction[] {
  const hit = (a: CatalogAction) => patterns.some((p) => globMatch(p, a.name, true));
  return S3_ACTIONS.filter((a) => (negated ? !hit(a) : hit(a)));
}

/** True when a single action name is matched by the statement's Action / NotAction list. */
export function actionMatched(patterns: readonly string[], negated: boolean, action: string): boolean {
  const hit = patterns.some((p) => globMatch(p, action, true));
  return negated ? !hit : hit;
}

