import { parameterError } from "../api-failure.js";

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  /** Opaque cursor of the next page, absent on the last page. */
  nextCursor?: string;
}

/** Apple's cursors are base64 of a small JSON object such as `{"offset":"50"}`; ours are too, base64url. */
export function encodeCursor(offset: number): string {
  return Buffer.from(JSON.stringify({ offset: String(offset) })).toString("base64url");
}

export function decodeCursor(cursor: string): number {
  const invalid = () => parameterError("INVALID", "cursor", `The cursor '${cursor}' is not valid.`);
  if (!/^[A-Za-z0-9_-]+=*$/.test(cursor)) throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (typeof offset !== "string" || !/^\d+$/.test(offset)) throw invalid();
  return Number(offset);
}

export function parseLimit(value: string | undefined, fallback: number, parameter = "limit"): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw parameterError("INVALID", parameter, `The value '${value}' is not a valid positive integer for '${parameter}'.`);
  return Number(value);
}

/** Cuts one page out of `items` according to the `limit` and `cursor` query parameters. */
export function paginate<T>(items: T[], query: Record<string, string>, defaultLimit: number): Page<T> {
  const limit = parseLimit(query.limit, defaultLimit);
  const offset = query.cursor === undefined ? 0 : decodeCursor(query.cursor);
  const pageItems = items.slice(offset, offset + limit);
  const next = offset + limit;
  return { items: pageItems, total: items.length, limit, ...(next < items.length ? { nextCursor: encodeCursor(next) } : {}) };
}
