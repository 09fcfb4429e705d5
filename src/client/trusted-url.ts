/** The production API origin: the one host besides the configured base URL that may see the bearer token. */
export const APPLE_API_ORIGIN = "https://api.appstoreconnect.apple.com";

export const DEFAULT_BASE_URL = APPLE_API_ORIGIN;

/**
 * True when a URL may receive the bearer token: https on Apple's API host, or the exact origin of the
 * configured base URL (an emulator on 127.0.0.1, a proxy). Anything else would leak the token.
 */
export function isTrustedApiUrl(url: string, baseUrl: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  if (target.username || target.password) return false;
  if (target.protocol === "https:" && target.host === "api.appstoreconnect.apple.com") return true;
  try {
    return target.origin === new URL(baseUrl).origin;
  } catch {
    return false;
  }
}
