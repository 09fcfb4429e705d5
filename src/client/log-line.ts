import { redactSecrets } from "../errors/index.js";
import type { RateLimitInfo } from "./rate-limit.js";

export interface LogLineInput {
  method: string;
  /** Path and query (never the host, never headers). */
  path: string;
  /** HTTP status, or a short outcome such as `network ECONNREFUSED`. */
  outcome: number | string;
  ms: number;
  retries: number;
  /** Token re-mints after a 401 (each one is an extra HTTP request that is not a retry). */
  reauths?: number;
  rateLimit?: RateLimitInfo;
}

/**
 * `GET /v1/apps?limit=200 → 200 41ms retries=0 rate=3598/3600`, the --verbose line for one request;
 * ` reauth=1` is added after a 401 re-mint, so the line accounts for every HTTP request it cost.
 */
export function formatLogLine(input: LogLineInput): string {
  const rl = input.rateLimit;
  const rate = rl?.hourRemaining !== undefined && rl.hourLimit !== undefined ? ` rate=${rl.hourRemaining}/${rl.hourLimit}` : "";
  const reauth = input.reauths ? ` reauth=${input.reauths}` : "";
  return redactSecrets(`${input.method} ${input.path} → ${input.outcome} ${Math.round(input.ms)}ms retries=${input.retries}${reauth}${rate}`);
}
