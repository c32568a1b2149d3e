/**
 * Listing page by page, shared by the adapters: one scheduler call per page (a retry repeats one page, and the
 * per-request timeout applies to one page, not to a whole listing of thousands), and a guard against servers
 * that never stop paging.
 */
import type { Provider, ReportError } from '../src/model/index.js';
import type { CollectContext } from './types.js';

/** More pages than any real listing has (hundreds to thousands of items each): the server is looping. */
const MAX_PAGES = 10_000;

/**
 * The token of the next page, or undefined when the listing is over. A server that repeats a token or never
 * stops ends the listing here, with an error entry: what was listed so far is kept, and the report says the
 * list may be incomplete (a loop must neither hang the scan nor pass silently).
 */
export function nextPage(
  provider: Provider,
  current: string | undefined,
  next: string | null | undefined,
  pages: number,
  operation: string,
  errors: ReportError[],
  resourceId?: string,
): string | undefined {
  if (!next) return undefined;
  if (next !== current && pages < MAX_PAGES) return next;
  errors.push({
    stage: 'collect',
    provider,
    operation,
    ...(resourceId ? { resourceId } : {}),
    message: `${operation}: ${next === current ? 'the server repeated the page token' : `more than ${MAX_PAGES} pages`}; the listing was stopped and may be incomplete`,
  });
  return undefined;
}

/** Where a listing runs, for its loop-guard error entry. */
export interface PageWhere {
  provider: Provider;
  operation: string;
  errors: ReportError[];
  resourceId?: string;
  /**
   * The error entry of a page after the first that failed (after the scheduler's retries). With it, such a failure
   * ends the listing there and what was listed before it is kept (and audited), not dropped with the rest; without
   * it, the failure is thrown. A failed first page is always thrown: nothing was listed.
   */
  laterPageFailed?: (err: unknown) => ReportError;
}

/** The message of an error entry for a listing cut short by a failed page (`PageWhere.laterPageFailed`). */
export function incompleteListing(detail: string, page: number, kept: number): string {
  return `${detail}; page ${page} of the listing failed, so it is incomplete: the ${kept} listed before it are kept`;
}

/**
 * Every item of a paged listing, page by page (`fetchPage(token)`: one call each; undefined for the first page).
 * An item that a looping server repeats is kept once (by `keyOf`; items without a key are all kept), and the
 * `nextPage` guard ends a loop with an error entry. `onMorePages` hears the count so far when more pages follow.
 * Throws what `fetchPage` throws (the caller reports it), except a later page's failure with `where.laterPageFailed`.
 */
export async function allPages<T>(
  fetchPage: (token: string | undefined) => Promise<{ items: readonly T[]; next?: string | null }>,
  keyOf: (item: T) => string | undefined,
  where: PageWhere,
  onMorePages?: (listed: number) => void,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  let pages = 0;
  do {
    const from = token;
    let page: { items: readonly T[]; next?: string | null };
    try {
      page = await fetchPage(from);
    } catch (err) {
      if (from === undefined || !where.laterPageFailed) throw err;
      const e = where.laterPageFailed(err);
      where.errors.push({ ...e, message: incompleteListing(e.message, pages + 1, items.length) });
      break;
    }
    for (const x of page.items) {
      const k = keyOf(x);
      if (k !== undefined && seen.has(k)) continue;
      if (k !== undefined) seen.add(k);
      items.push(x);
    }
    token = nextPage(where.provider, from, page.next, ++pages, where.operation, where.errors, where.resourceId);
    if (token) onMorePages?.(items.length);
  } while (token);
  return items;
}

/** An Azure SDK list (PagedAsyncIterableIterator): pages resumable from a continuation token. */
export interface PagedList<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[] & { continuationToken?: string }>;
}

/**
 * Every item of an Azure SDK list, one scheduler call per page. `list` is called once per page with that call's
 * abort signal; `keyOf` names an item (id).
 */
export function azurePages<T>(
  ctx: CollectContext,
  lane: string,
  list: (abortSignal: AbortSignal) => PagedList<T>,
  keyOf: (item: T) => string | undefined,
  where: Omit<PageWhere, 'provider'>,
): Promise<T[]> {
  return allPages(
    (from) =>
      ctx.scheduler.run(
        lane,
        async (abortSignal) => {
          const r = await list(abortSignal)
            .byPage(from ? { continuationToken: from } : undefined)
            .next();
          return r.done ? { items: [] } : { items: [...r.value], next: r.value.continuationToken };
        },
        { label: where.operation },
      ),
    keyOf,
    { provider: 'azure', ...where },
  );
}
