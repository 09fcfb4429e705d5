import { ValidationError } from "../errors/asckit-error.js";
import { APPLE_API_ORIGIN } from "../client/trusted-url.js";
import type { CommandContext } from "./context.js";
import { resolveCliBaseUrl } from "./make-client.js";
import { parseDuration } from "./parse-duration.js";

/**
 * The shortest time between polls against Apple's host. The hourly budget is 3600 requests per
 * key, shared by every tool and CI job using it: `--interval 0` would spend it in seconds and turn
 * into 429s for everyone. Processing and review take minutes, so a second is already generous.
 */
const APPLE_MIN_INTERVAL_MS = 1000;
/** Elsewhere (an emulator on 127.0.0.1, a proxy): fast rehearsals, but never a busy loop. */
const LOCAL_MIN_INTERVAL_MS = 100;

/**
 * `--interval` for every wait: a duration with a floor that depends on where the polls go: the base
 * URL the client will use (flags > env > profile, resolved as for the client itself, read only when
 * the interval is below Apple's floor, so the usual case costs nothing). Refused below the floor
 * with exit 2.
 */
export async function parsePollInterval(ctx: Pick<CommandContext, "io" | "global">, value: unknown, flag = "--interval"): Promise<number> {
  const text = String(value);
  const ms = parseDuration(text, flag);
  if (ms >= APPLE_MIN_INTERVAL_MS) return ms;
  if (ms < LOCAL_MIN_INTERVAL_MS) {
    throw new ValidationError(`${flag} ${text} is too short: polls must be at least ${LOCAL_MIN_INTERVAL_MS}ms apart.`, {
      category: "usage",
      field: flag,
      hint: `Use e.g. ${flag} 30s against App Store Connect, or ${flag} 500ms against a local emulator.`,
    });
  }
  // Broken credential sources (an unknown --profile…) are reported when the client is made; until then assume Apple.
  const baseUrl = await resolveCliBaseUrl(ctx.io, ctx.global).catch(() => undefined);
  if (isAppleHost(baseUrl)) {
    throw new ValidationError(`${flag} ${text} is too short for App Store Connect: polls must be at least 1s apart.`, {
      category: "usage",
      field: flag,
      hint: `Every poll counts against the key's 3600 requests an hour; use e.g. ${flag} 30s.`,
    });
  }
  return ms;
}

function isAppleHost(baseUrl: string | undefined): boolean {
  if (!baseUrl) return true; // no base URL configured means Apple's
  try {
    return new URL(baseUrl).host === new URL(APPLE_API_ORIGIN).host;
  } catch {
    return true; // an unreadable base URL fails later with its own message; be strict meanwhile
  }
}
