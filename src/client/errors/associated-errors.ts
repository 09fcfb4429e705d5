import { redactSecrets } from "../../errors/index.js";
import type { ApiErrorEntry } from "./asc-api-error.js";
import { isObject } from "./parse-error-body.js";

/**
 * Flattens `meta.associatedErrors` (resource path → nested errors) of every entry into
 * "resource: CODE — detail" lines. Apple types `meta` as free-form, so any shape is tolerated.
 */
export function flattenAssociatedErrors(errors: readonly ApiErrorEntry[]): string[] {
  const lines: string[] = [];
  for (const entry of errors) {
    const meta = entry.meta;
    if (!isObject(meta) || !isObject(meta.associatedErrors)) continue;
    for (const [resource, nested] of Object.entries(meta.associatedErrors)) {
      const list = Array.isArray(nested) ? nested : [nested];
      for (const item of list) {
        const line = describe(item);
        if (line) lines.push(redactSecrets(`${resource}: ${line}`));
      }
    }
  }
  return [...new Set(lines)];
}

function describe(item: unknown): string | undefined {
  if (typeof item === "string") return item.trim() || undefined;
  if (!isObject(item)) return undefined;
  const code = typeof item.code === "string" ? item.code : undefined;
  const text = [item.detail, item.title, item.description, item.message].find((v): v is string => typeof v === "string" && v.trim() !== "");
  if (code && text) return `${code} — ${text}`;
  return code ?? text;
}
