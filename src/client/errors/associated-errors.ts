import { redactSecrets } from "../../errors/index.js";
import type { ApiErrorEntry } from "./asc-api-error.js";
import { isObject } from "./parse-error-body.js";

/**
 * Flattens `meta.associatedErrors` (resource path → nested errors) of every entry into
 * "resource: field — detail (CODE)" lines, the field taken from the nested error's
 * `source.pointer` (or `source.parameter`); without one, "resource: CODE — detail". The field is
 * what the user has to fix, so it leads; the code stays for searching Apple's documentation.
 * Apple types `meta` as free-form, so any shape is tolerated.
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
  const code = typeof item.code === "string" && item.code.trim() ? item.code : undefined;
  const text = [item.detail, item.title, item.description, item.message].find((v): v is string => typeof v === "string" && v.trim() !== "");
  const field = fieldOf(item.source);
  if (field) return `${field}${text ? ` — ${text}` : ""}${code ? ` (${code})` : ""}`;
  if (code && text) return `${code} — ${text}`;
  return code ?? text;
}

/**
 * The body member a JSON Pointer names: `/data/attributes/whatsNew` → `whatsNew`,
 * `/data/relationships/build` → `build`, `/data/attributes/a/0` → `a.0`; otherwise its last
 * segment (`/data/type` → `type`). A `source.parameter` is the field as it stands.
 */
function fieldOf(source: unknown): string | undefined {
  if (!isObject(source)) return undefined;
  if (typeof source.pointer === "string" && source.pointer.startsWith("/")) {
    const segments = source.pointer
      .slice(1)
      .split("/")
      .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
      .filter((s) => s !== "");
    const member = segments.findIndex((s) => s === "attributes" || s === "relationships");
    const field = member >= 0 && member < segments.length - 1 ? segments.slice(member + 1).join(".") : segments.at(-1);
    if (field) return field;
  }
  if (typeof source.parameter === "string" && source.parameter.trim()) return source.parameter.trim();
  return undefined;
}
