/** Query values the client accepts; arrays become Apple's comma-joined form (`style: form, explode: false`). */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export type Query = Record<string, QueryValue>;

// Brackets in keys and the commas that join array items stay literal so URLs (and --verbose lines) read
// the way Apple documents them: `filter[app]=1,2`. Commas inside a single value are still escaped.
const encodeKey = (key: string) => encodeURIComponent(key).replace(/%5B/gi, "[").replace(/%5D/gi, "]");

/** Encodes a query object without the leading `?`; undefined values and empty arrays are left out. */
export function encodeQuery(query: Query | undefined): string {
  if (!query) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    let encoded: string;
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      encoded = value.map((v) => encodeURIComponent(String(v))).join(",");
    } else {
      encoded = encodeURIComponent(String(value));
    }
    parts.push(`${encodeKey(key)}=${encoded}`);
  }
  return parts.join("&");
}

/** Appends an encoded query to a URL that may already carry one. */
export function appendQuery(url: string, query: Query | undefined): string {
  const qs = encodeQuery(query);
  if (!qs) return url;
  return url + (url.includes("?") ? "&" : "?") + qs;
}
