import type { Resource } from "../../client/index.js";
import { shellWord } from "../shell-word.js";

type AppLike = Pick<Resource, "id" | "attributes">;

const appRef = (app: AppLike) => String(app.attributes.bundleId ?? app.id);
const platformFlag = (platform?: string) => (platform && platform !== "IOS" ? ` --platform ${platform}` : "");

/**
 * The flags a suggested command needs to name the same app (and platform) the user is working on.
 * Without `--app` a command only works on an account with one app; on any other it stops with
 * "This account has several apps" (exit 2), so every fix and hint that names a command carries it.
 * `--platform` is added when it is not the default (IOS), for the same reason.
 */
export function appFlags(app: AppLike, platform?: string): string {
  return `--app ${appRef(app)}${platformFlag(platform)}`;
}

/** `--app … --version …` (and `--platform …` when not IOS): names one App Store version. */
export function versionFlags(app: AppLike, versionString: string, platform?: string): string {
  return `--app ${appRef(app)} --version ${versionString}${platformFlag(platform)}`;
}

/** The same flags from what the user passed (before the app is looked up): `--app` only if they gave one. */
export function refFlags(ref: { app?: string; version: string; platform?: string }): string {
  return `${ref.app ? `--app ${shellWord(ref.app)} ` : ""}--version ${shellWord(ref.version)}${platformFlag(ref.platform?.toUpperCase())}`;
}
