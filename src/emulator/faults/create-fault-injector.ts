import type { FailNextSpec, FaultConfig } from "./fault-config.js";
import { mulberry32 } from "./mulberry32.js";

export type FaultOutcome = { kind: "error"; status: number; retryAfter?: number } | { kind: "drop" };

export interface FaultDecision {
  latencyMs: number;
  outcome?: FaultOutcome;
  /** True once, on the request that reaches `revokeAfterRequests`. */
  revokeTokens: boolean;
}

export interface FaultInjector {
  configure(config: FaultConfig): void;
  failNext(spec: FailNextSpec): void;
  /** Decides the faults of one authenticated request, in arrival order. */
  decide(request: { method: string; path: string }): FaultDecision;
}

const DEFAULT_ERROR_STATUSES = [500, 502, 503];

// A `g` or `y` flag makes RegExp.test stateful; reset it so matching never depends on history.
const matches = (re: RegExp | undefined, text: string): boolean => {
  if (!re) return true;
  re.lastIndex = 0;
  return re.test(text);
};

export function createFaultInjector(options: { config?: FaultConfig; seed?: number } = {}): FaultInjector {
  const fallbackSeed = options.seed ?? 1;
  let config: FaultConfig = {};
  let random = mulberry32(fallbackSeed);
  let eligibleCount = 0;
  let revoked = false;
  const queue: Array<FailNextSpec & { remaining: number }> = [];

  const configure = (next: FaultConfig): void => {
    config = { ...next };
    random = mulberry32(next.seed ?? fallbackSeed);
    eligibleCount = 0;
    revoked = false;
  };
  configure(options.config ?? {});

  const takeOneShot = (method: string, path: string): FaultOutcome | undefined => {
    const index = queue.findIndex((q) => (!q.method || q.method.toUpperCase() === method) && matches(q.path, path));
    if (index < 0) return undefined;
    const entry = queue[index]!;
    if (--entry.remaining <= 0) queue.splice(index, 1);
    if (entry.drop) return { kind: "drop" };
    return { kind: "error", status: entry.status, ...(entry.retryAfter !== undefined ? { retryAfter: entry.retryAfter } : {}) };
  };

  return {
    configure,
    failNext(spec) {
      queue.push({ ...spec, remaining: spec.count ?? 1 });
    },
    decide({ method, path }) {
      let outcome = takeOneShot(method.toUpperCase(), path);
      if (!matches(config.paths, path)) return { latencyMs: 0, outcome, revokeTokens: false };

      // Always draw the same four numbers per eligible request, so the sequence depends only on the
      // seed and the request order, not on which faults are switched on or on one-shot injections.
      const [rLatency, rDrop, rError, rStatus] = [random(), random(), random(), random()];
      const index = eligibleCount++;

      const latency = config.latencyMs;
      const latencyMs =
        latency === undefined ? 0 : typeof latency === "number" ? latency : Math.round(latency.min + rLatency * (latency.max - latency.min));

      const burst = config.burst429;
      if (!outcome && burst && burst.every > 0 && index % burst.every >= burst.every - burst.length) {
        outcome = { kind: "error", status: 429, ...(burst.retryAfterSeconds !== undefined ? { retryAfter: burst.retryAfterSeconds } : {}) };
      }
      if (!outcome && rDrop < (config.dropRate ?? 0)) outcome = { kind: "drop" };
      if (!outcome && rError < (config.errorRate ?? 0)) {
        const statuses = config.errorStatuses?.length ? config.errorStatuses : DEFAULT_ERROR_STATUSES;
        outcome = { kind: "error", status: statuses[Math.floor(rStatus * statuses.length)]! };
      }

      let revokeTokens = false;
      if (config.revokeAfterRequests !== undefined && !revoked && index + 1 >= config.revokeAfterRequests) {
        revoked = true;
        revokeTokens = true;
      }
      return { latencyMs, outcome, revokeTokens };
    },
  };
}
