const HOUR_MS = 60 * 60 * 1000;

/**
 * Apple's per-key budget over a rolling hour (facts §3): the remainder is the limit minus the
 * requests counted in the previous 60 minutes of the injected clock.
 */
export interface RateLimiter {
  limit(): number;
  setLimit(perHour: number): void;
  remaining(key: string | undefined, now: number): number;
  consume(key: string, now: number): void;
  /** `user-hour-lim:N;user-hour-rem:M;` for the key (a key never seen has its full budget). */
  header(key: string | undefined, now: number): string;
}

export function createRateLimiter(options: { perHour?: number } = {}): RateLimiter {
  let perHour = options.perHour ?? 3600;
  const used = new Map<string, number[]>();

  const recent = (key: string | undefined, now: number): number[] => {
    if (key === undefined) return [];
    const stamps = used.get(key) ?? [];
    const fresh = stamps.filter((t) => t > now - HOUR_MS && t <= now);
    used.set(key, fresh);
    return fresh;
  };
  const remaining = (key: string | undefined, now: number) => Math.max(0, perHour - recent(key, now).length);

  return {
    limit: () => perHour,
    setLimit(next) {
      perHour = next;
    },
    remaining,
    consume(key, now) {
      recent(key, now).push(now);
    },
    header: (key, now) => `user-hour-lim:${perHour};user-hour-rem:${remaining(key, now)};`,
  };
}
