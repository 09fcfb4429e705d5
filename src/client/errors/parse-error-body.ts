import { redactSecrets } from "../../errors/index.js";
import type { ApiErrorEntry } from "./asc-api-error.js";

export type ErrorBodyFormat = "json" | "xml" | "html" | "text" | "empty";

export interface ParsedErrorBody {
  format: ErrorBodyFormat;
  /** Apple's `errors[]` (JSON); one synthetic entry for XML bodies. */
  errors: ApiErrorEntry[];
  /** A readable one-line summary for bodies that are not Apple JSON errors (HTML title, text line…). */
  summary?: string;
}

const MAX_SUMMARY = 300;

/**
 * Reads any error body into something printable: Apple's JSON:API `errors[]`, the XML `<Error>` of
 * storage hosts, the `<title>` of a gateway's HTML page, or the first line of plain text.
 */
export function parseErrorBody(bodyText: string, contentType = ""): ParsedErrorBody {
  const text = bodyText.trim();
  if (!text) return { format: "empty", errors: [] };
  const type = contentType.toLowerCase();
  const head = text.slice(0, 200).toLowerCase();

  if (type.includes("json") || text.startsWith("{")) {
    const json = tryJson(text);
    if (json !== undefined) {
      const errors = errorsFromJson(json);
      if (errors.length > 0) return { format: "json", errors };
      const message = pickString(json, "message") ?? pickString(json, "error") ?? pickString(json, "detail");
      return { format: "json", errors: [], summary: oneLine(message ?? text) };
    }
  }
  if (type.includes("html") || head.startsWith("<!doctype html") || head.startsWith("<html")) {
    const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
    const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(text)?.[1];
    const pick = title ?? h1;
    return { format: "html", errors: [], summary: oneLine(decodeEntities(stripTags(pick ?? "HTML error page"))) };
  }
  if (type.includes("xml") || head.startsWith("<?xml") || head.startsWith("<error")) {
    const code = xmlTag(text, "Code");
    const message = xmlTag(text, "Message");
    if (code || message) {
      const entry: ApiErrorEntry = {};
      if (code) entry.code = code;
      if (message) entry.detail = message;
      return { format: "xml", errors: [entry] };
    }
    return { format: "xml", errors: [], summary: oneLine(decodeEntities(stripTags(text))) };
  }
  return { format: "text", errors: [], summary: oneLine(text) };
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorsFromJson(json: unknown): ApiErrorEntry[] {
  if (!isObject(json) || !Array.isArray(json.errors)) return [];
  return json.errors.filter(isObject).map(toEntry);
}

function toEntry(raw: Record<string, unknown>): ApiErrorEntry {
  const entry: ApiErrorEntry = {};
  for (const key of ["id", "status", "code", "title", "detail"] as const) {
    const v = raw[key];
    if (typeof v === "string" || typeof v === "number") entry[key] = redactSecrets(String(v));
  }
  if (isObject(raw.source)) {
    const source: { pointer?: string; parameter?: string } = {};
    if (typeof raw.source.pointer === "string") source.pointer = raw.source.pointer;
    if (typeof raw.source.parameter === "string") source.parameter = raw.source.parameter;
    entry.source = source;
  }
  if (raw.links !== undefined) entry.links = raw.links;
  if (raw.meta !== undefined) entry.meta = raw.meta;
  return entry;
}

function pickString(json: unknown, key: string): string | undefined {
  if (!isObject(json)) return undefined;
  const v = json[key];
  return typeof v === "string" && v.trim() ? v : undefined;
}

function xmlTag(text: string, tag: string): string | undefined {
  const m = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, "i").exec(text);
  const value = m?.[1] && decodeEntities(m[1]).trim();
  return value || undefined;
}

const stripTags = (s: string) => s.replace(/<[^>]*>/g, " ");

function decodeEntities(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, "&");
}

/** Collapses whitespace, keeps the first non-empty line, bounds the length and strips secrets. */
export function oneLine(s: string): string {
  const line = s
    .split(/\r?\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .find((l) => l.length > 0) ?? "";
  const bounded = line.length > MAX_SUMMARY ? `${line.slice(0, MAX_SUMMARY - 1)}…` : line;
  return redactSecrets(bounded);
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
