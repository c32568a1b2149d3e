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

/** An Azure SDK list (PagedAsyncIterableIterator): pages resumable from a continuation token. */
export interface PagedList<T> {
  byPage(settings?: { continuationToken?: string }): AsyncIterableIterator<T[] & { continuationToken?: string }>;
}

/**
 * Every item of an Azure SDK list, one scheduler call per page. `list` is called once per page with that call's
 * abort signal; `keyOf` names an item (id), so that a repeated page lists it once. Throws the error of a page
 * that fails after its retries (the caller reports it).
 */
export async function azurePages<T>(
  ctx: CollectContext,
  lane: string,
  operation: string,
  list: (abortSignal: AbortSignal) => PagedList<T>,
  keyOf: (item: T) => string | undefined,
  errors: ReportError[],
  resourceId?: string,
): Promise<T[]> {
  const items: T[] = [];
  const seen = new Set<string>(); // a repeated page must not list an item twice
  let token: string | undefined;
  let pages = 0;
  do {
    const from = token;
    const page = await ctx.scheduler.run(
      lane,
      async (abortSignal) => {
        const r = await list(abortSignal)
          .byPage(from ? { continuationToken: from } : undefined)
          .next();
        return r.done ? { items: [] as T[] } : { items: [...r.value], next: r.value.continuationToken };
      },
      { label: operation },
    );
    for (const x of page.items) {
      const k = keyOf(x);
      if (k !== undefined && seen.has(k)) continue;
      if (k !== undefined) seen.add(k);
      items.push(x);
    }
    token = nextPage('azure', from, page.next, ++pages, operation, errors, resourceId);
  } while (token);
  return items;
}
