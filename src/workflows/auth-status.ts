import type { AscClient } from "../client/index.js";

export interface AuthStatus {
  ok: true;
  keyId: string;
  keyType: "team" | "individual";
  keySource: string;
  baseUrl: string;
  /** Server clock minus local clock, in seconds (positive: the local clock is behind). */
  clockSkewSeconds: number | undefined;
  rateLimit: { hourLimit?: number; hourRemaining?: number } | undefined;
  /** Apps this key can see (first page only, capped at 1 to keep the check cheap). */
  sampleApp: string | undefined;
}

const DATE_RESOLUTION_MS = 1000;

/**
 * One cheap authenticated request proves the key, issuer and signature; the response's `Date`
 * header gives the clock skew that breaks JWTs when it grows past a minute.
 */
export async function checkAuth(
  client: AscClient,
  key: { keyId: string; keyType: "team" | "individual"; keySource: string },
  now: () => number,
): Promise<AuthStatus> {
  const sent = now();
  const res = await client.request("GET /v1/apps", { query: { limit: 1, "fields[apps]": ["bundleId"] } });
  const received = now();
  const date = res.headers.get("date");
  const serverMs = date ? Date.parse(date) : NaN;
  // Date has 1-second resolution and is truncated, not rounded: the server's clock read somewhere in
  // [Date, Date + 1 s), so its best estimate is Date + 0.5 s. Compared against the midpoint of the
  // exchange; without the half second, an exact clock would mostly read as 1 s ahead.
  // `|| 0`: no "-0" for a clock that is right.
  const skew = Number.isFinite(serverMs) ? Math.round((serverMs + DATE_RESOLUTION_MS / 2 - (sent + received) / 2) / 1000) || 0 : undefined;
  const doc = res.document as { data?: Array<{ attributes?: { bundleId?: string } }> } | undefined;
  return {
    ok: true,
    keyId: key.keyId,
    keyType: key.keyType,
    keySource: key.keySource,
    baseUrl: client.baseUrl,
    clockSkewSeconds: skew,
    rateLimit: res.rateLimit ? { hourLimit: res.rateLimit.hourLimit, hourRemaining: res.rateLimit.hourRemaining } : undefined,
    sampleApp: doc?.data?.[0]?.attributes?.bundleId,
  };
}
