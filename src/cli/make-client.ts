import os from "node:os";
import type { AscClient, PacingPause } from "../client/index.js";
import type { Credentials, ResolveCredentialsOptions } from "../auth/index.js";
import type { CliIO } from "./io.js";
import type { GlobalOptions } from "./context.js";
import { VERSION } from "./version.js";

/** Resolves credentials (flags > env > profile) without touching the network. */
export async function resolveCliCredentials(io: CliIO, global: GlobalOptions): Promise<Credentials> {
  const { resolveCredentials } = await import("../auth/index.js");
  return resolveCredentials(await credentialOptions(io, global));
}

/**
 * The base URL the client would use (same precedence as resolveCliCredentials), without needing a
 * complete key; undefined means Apple's. Throws what the sources throw (an unknown --profile…).
 */
export async function resolveCliBaseUrl(io: CliIO, global: GlobalOptions): Promise<string | undefined> {
  const { resolveBaseUrl } = await import("../auth/index.js");
  return resolveBaseUrl(await credentialOptions(io, global));
}

async function credentialOptions(io: CliIO, global: GlobalOptions): Promise<ResolveCredentialsOptions> {
  const { createProfileStore, defaultConfigDir } = await import("../auth/index.js");
  const profiles = createProfileStore({ dir: defaultConfigDir(io.env, os.homedir()) });
  return {
    flags: {
      keyId: global.keyId,
      issuerId: global.issuerId,
      privateKeyPath: global.privateKeyPath,
      apiKeyFile: global.apiKeyFile,
      profile: global.profile,
      baseUrl: global.baseUrl,
    },
    env: io.env,
    profiles,
  };
}

/** Credentials → token provider → client, with `--verbose` request lines on stderr. */
export async function makeClient(io: CliIO, global: GlobalOptions): Promise<AscClient> {
  const credentials = await resolveCliCredentials(io, global);
  const { createTokenProvider } = await import("../auth/index.js");
  const { createClient } = await import("../client/index.js");
  for (const warning of credentials.warnings ?? []) io.stderr.write(`warning: ${warning}\n`);
  const tokenProvider = createTokenProvider({
    keyId: credentials.keyId,
    issuerId: credentials.issuerId,
    privateKey: credentials.privateKeyPem,
    lifetimeSeconds: credentials.tokenLifetimeSeconds,
    now: io.now,
  });
  return createClient({
    baseUrl: credentials.baseUrl,
    tokenProvider,
    now: io.now,
    sleep: io.sleep,
    userAgent: `asckit/${VERSION}`,
    logger: global.verbose ? (line: string) => io.stderr.write(`${line}\n`) : undefined,
    onPause: (pause) => {
      if (pause.ms >= PAUSE_NOTE_MS) io.stderr.write(`${pauseNote(pause)}\n`);
    },
  });
}

/** Pacing pauses shorter than this pass unremarked; longer ones would look like a hang. */
const PAUSE_NOTE_MS = 2000;

function pauseNote(pause: PacingPause): string {
  const per = pause.bucket === "hour" ? "this hour" : "this minute";
  return `note: the API rate limit is nearly used up (${pause.remaining} of ${pause.limit} requests left ${per}); pausing ${Math.round(pause.ms / 1000)} s before the next request`;
}
