import { z } from "zod";
import { ValidationError } from "../errors/asckit-error.js";
import type { ToolContext, ToolOutput } from "./tool-definition.js";

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `limit` and `cursor` for list tools: results come a page at a time so an agent's context is not flooded. */
export function pagingInput(noun: string) {
  return {
    limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional().describe(`How many ${noun} to return in this page (default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}).`),
    cursor: z.string().optional().describe("The `nextCursor` returned by the previous call of this same tool with the same filters, to get the next page. Omit for the first page."),
  };
}

export interface PageRequest {
  offset: number;
  limit: number;
  /** How many items to ask the workflow for: one more than the page, to know whether more exist. */
  fetch: number;
}

export function pageRequest(args: { limit?: number; cursor?: string }, ctx: Pick<ToolContext, "pageSize">): PageRequest {
  const limit = args.limit ?? ctx.pageSize;
  let offset = 0;
  if (args.cursor !== undefined) {
    if (!/^\d{1,9}$/.test(args.cursor)) {
      throw new ValidationError(`"${args.cursor}" is not a cursor this tool returned.`, { category: "usage", field: "cursor", hint: "Pass the nextCursor value from the previous page unchanged, or omit cursor to start again." });
    }
    offset = Number(args.cursor);
  }
  return { offset, limit, fetch: offset + limit + 1 };
}

/**
 * One page of already-fetched items. The cursor is an offset into the same query, so paging re-reads from
 * the start: fine for the few pages an agent reads, and it never hands out Apple's cursors that expire.
 */
export function pageOutput<T>(noun: string, all: readonly T[], request: PageRequest, view: (item: T) => Record<string, unknown>): ToolOutput {
  const items = all.slice(request.offset, request.offset + request.limit).map(view);
  const more = all.length > request.offset + request.limit;
  const nextCursor = more ? String(request.offset + request.limit) : undefined;
  const from = request.offset + 1;
  const range = items.length ? `${noun} ${from}–${request.offset + items.length}` : `no ${noun}`;
  const summary = more
    ? `Showing ${range}; more exist: call again with cursor "${nextCursor}" for the next page, or narrow the filters.`
    : `Showing ${range}${request.offset ? "" : " (all of them)"}.`;
  return { summary, data: { items, returned: items.length, ...(nextCursor ? { nextCursor } : {}) } };
}
