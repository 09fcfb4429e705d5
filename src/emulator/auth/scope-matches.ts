export interface ScopedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

// Apple: "Query order does not matter; limit, cursor and sort are ignored in the check."
const IGNORED = new Set(["limit", "cursor", "sort"]);

interface ScopeEntry {
  method: string;
  path: string;
  query?: Map<string, string>;
}

function parseEntry(entry: string): ScopeEntry | undefined {
  const m = /^([A-Za-z]+)\s+(\/\S*)$/.exec(entry.trim());
  if (!m) return undefined;
  const [path, search] = m[2]!.split("?", 2) as [string, string | undefined];
  const query = search === undefined ? undefined : new Map([...new URLSearchParams(search)].filter(([k]) => !IGNORED.has(k)));
  return { method: m[1]!.toUpperCase(), path, query };
}

/**
 * True when one scope entry (`"GET /v1/apps?filter[platform]=IOS"`) names this request. Matching is
 * literal: same method and path, and the same query parameters and values apart from
 * limit/cursor/sort (an entry without a query allows only those). Stricter than guessing wider, so
 * a scope that works here does not fail at Apple.
 */
export function scopeMatches(scope: readonly string[], request: ScopedRequest): boolean {
  const asked = Object.entries(request.query).filter(([k]) => !IGNORED.has(k));
  return scope.some((raw) => {
    const entry = parseEntry(raw);
    if (!entry || entry.method !== request.method.toUpperCase() || entry.path !== request.path) return false;
    const allowed = entry.query ?? new Map<string, string>();
    return allowed.size === asked.length && asked.every(([k, v]) => allowed.get(k) === v);
  });
}

/** Resources whose GET requests may use long-lived tokens (facts §1.4: Xcode Cloud, metrics). */
const LONG_LIVED_RESOURCES = new Set([
  "ciBuildActions",
  "ciBuildRuns",
  "scmGitReferences",
  "ciIssues",
  "ciMacOsVersions",
  "ciProducts",
  "scmProviders",
  "perfPowerMetrics",
  "diagnosticSignatures",
  "diagnosticLogs",
  "scmPullRequests",
  "scmRepositories",
  "ciTestResults",
  "ciWorkflows",
  "ciXcodeVersions",
]);

/**
 * A token may live longer than 20 minutes only if its scope lists GET requests alone, each on a
 * resource from Apple's list (a list resource or a metrics sub-resource such as
 * `/v1/builds/{id}/perfPowerMetrics`).
 */
export function scopeAllowsLongLifetime(scope: readonly string[] | undefined): boolean {
  if (!scope || scope.length === 0) return false;
  return scope.every((raw) => {
    const entry = parseEntry(raw);
    if (!entry || entry.method !== "GET") return false;
    const segments = entry.path.split("/").filter(Boolean).slice(1);
    return segments.length > 0 && (LONG_LIVED_RESOURCES.has(segments[0]!) || LONG_LIVED_RESOURCES.has(segments[segments.length - 1]!));
  });
}
