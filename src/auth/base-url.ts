/**
 * What a usable API base URL looks like: http(s), no credentials, no query or fragment, and no path.
 * asckit appends `/v1/…` itself, so `https://host/v1` would silently request `/v1/v1/apps`; any other
 * path would be dropped by the next links Apple and the emulator return (they are absolute, from the
 * origin), so a prefix cannot work either. Refused with the URL to use instead, not stripped: a base
 * URL pointing somewhere unexpected is worth a second look before a token is sent there.
 */
export interface BaseUrlProblem {
  /** Completes "The base URL … ", e.g. "is not an http(s) URL". */
  problem: string;
  hint: string;
}

const EXAMPLE = "Example: https://api.appstoreconnect.apple.com, or the URL printed by `asckit emulator start`.";

/** The problem with a base URL, or undefined when it is usable. */
export function baseUrlProblem(raw: string): BaseUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { problem: "is not an http(s) URL", hint: EXAMPLE };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return { problem: `is not an http(s) URL (${url.protocol})`, hint: EXAMPLE };
  if (url.username || url.password) return { problem: "must not contain a user name or password", hint: `Use ${url.origin}; asckit authenticates with the API key.` };
  if (url.search || url.hash) return { problem: "must not contain a query or fragment", hint: `Use ${url.origin}.` };
  const path = url.pathname.replace(/\/+$/, "");
  if (path !== "") {
    const why = /\/v\d+$/.test(path) ? `asckit adds ${path.slice(path.lastIndexOf("/"))}/… to every path itself` : "the API lives at the root of its host";
    return { problem: `has a path (${path}): ${why}`, hint: `Use ${url.origin}` };
  }
  return undefined;
}

/** The base URL without trailing slashes, the form the client joins paths to. */
export function normaliseBaseUrl(raw: string): string {
  return new URL(raw.trim()).origin;
}
