/**
 * Apple's `X-Rate-Limit` header, e.g. `user-hour-lim:3600;user-hour-rem:500;`. Limits are per API key
 * over a rolling hour; minute buckets and unknown keys are tolerated (kept in `raw`).
 */
export interface RateLimitInfo {
  hourLimit?: number;
  hourRemaining?: number;
  minuteLimit?: number;
  minuteRemaining?: number;
  /** Every `name:value` pair as sent, including keys this parser does not know. */
  raw: Record<string, string>;
}

const KNOWN: Record<string, keyof Omit<RateLimitInfo, "raw">> = {
  "user-hour-lim": "hourLimit",
  "user-hour-rem": "hourRemaining",
  "user-minute-lim": "minuteLimit",
  "user-minute-rem": "minuteRemaining",
};

/** Parses the header leniently (whitespace, missing trailing `;`, odd keys); undefined when nothing usable. */
export function parseRateLimit(header: string | null | undefined): RateLimitInfo | undefined {
  if (!header) return undefined;
  const info: RateLimitInfo = { raw: {} };
  let pairs = 0;
  for (const part of header.split(/[;,]/)) {
    const idx = part.indexOf(":");
    if (idx <= 0) continue;
    const key = part.slice(0, idx).trim().toLowerCase();
    const value = part.slice(idx + 1).trim();
    if (!key) continue;
    info.raw[key] = value;
    pairs++;
    const field = KNOWN[key];
    if (field && /^\d+$/.test(value)) info[field] = Number(value);
  }
  return pairs > 0 ? info : undefined;
}
