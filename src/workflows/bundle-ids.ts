import type { AscClient, Resource } from "../client/index.js";
import { resolveDocument } from "../client/index.js";
import { ValidationError } from "../errors/asckit-error.js";
import { confirmOrStop, type Confirm } from "./confirm.js";
import { exactlyOne } from "./exact-match.js";

/**
 * Apple: alphanumerics, hyphens and periods, reverse-DNS. Wildcards are portal-only. Each part is a
 * reversed domain label, so it follows the DNS label rule too: no hyphen at either end.
 */
const LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?";
const BUNDLE_ID = new RegExp(`^${LABEL}(\\.${LABEL})+$`);

/**
 * Apple documents no maximum and the spec sets no maxLength, so the limits of the domain names a
 * bundle ID reverses are used (RFC 1035 §2.3.4): 63 characters per part, 253 in all. Real bundle IDs
 * are far shorter; anything longer is a paste accident, and a permanent one once created.
 */
export const BUNDLE_ID_MAX_LENGTH = 253;
const BUNDLE_ID_MAX_LABEL = 63;

export const BUNDLE_ID_PLATFORMS = ["IOS", "MAC_OS", "UNIVERSAL"] as const;
export type BundleIdPlatform = (typeof BUNDLE_ID_PLATFORMS)[number];

/**
 * `SERVICES` is in the saved OpenAPI file only because of a spec patch (facts: BundleIdPlatform);
 * Apple's API documents IOS, MAC_OS and UNIVERSAL. Refused locally with this hint wherever a bundle
 * ID platform is sent.
 */
export const SERVICES_PLATFORM_HINT =
  "SERVICES is not a platform Apple's API documents (it comes from a patched copy of the spec): use IOS, MAC_OS or UNIVERSAL. Services IDs for Sign in with Apple are made in the developer portal.";

export function validateBundleIdentifier(identifier: string): void {
  const longLabel = identifier.split(".").find((l) => l.length > BUNDLE_ID_MAX_LABEL);
  if (BUNDLE_ID.test(identifier) && identifier.length <= BUNDLE_ID_MAX_LENGTH && !longLabel) return;
  let why = "it must be reverse-DNS (e.g. com.example.app) using only letters, digits, hyphens and periods";
  if (identifier.includes("*")) why = "wildcard App IDs can only be made in the developer portal, not through the API";
  else if (/[^A-Za-z0-9.-]/.test(identifier)) why = `"${identifier.match(/[^A-Za-z0-9.-]/)![0]}" is not allowed; use only letters, digits, hyphens and periods`;
  else if (!identifier.includes(".")) why = "it needs at least two dot-separated parts, e.g. com.example";
  else if (/(^\.|\.\.|\.$)/.test(identifier)) why = "it has an empty part (a leading, trailing or doubled period)";
  else if (identifier.length > BUNDLE_ID_MAX_LENGTH) why = `it is ${identifier.length} characters long; the maximum is ${BUNDLE_ID_MAX_LENGTH}`;
  else if (longLabel) why = `the part "${longLabel.slice(0, 20)}…" is ${longLabel.length} characters long; each part may have at most ${BUNDLE_ID_MAX_LABEL}`;
  else if (/(^|\.)-|-(\.|$)/.test(identifier)) why = "a part starts or ends with a hyphen; hyphens may only sit inside a part";
  throw new ValidationError(`Invalid bundle ID "${shorten(identifier)}": ${why}.`, { field: "identifier" });
}

const shorten = (s: string) => (s.length > 80 ? `${s.slice(0, 77)}…` : s);

export async function listBundleIds(client: AscClient, filter: { identifier?: string; platform?: string; max?: number } = {}): Promise<Resource[]> {
  const ids = await client.collect(
    "GET /v1/bundleIds",
    {
      query: {
        "filter[identifier]": filter.identifier ? [filter.identifier] : undefined,
        "filter[platform]": filter.platform ? [filter.platform] : undefined,
        "fields[bundleIds]": ["name", "platform", "identifier", "seedId"],
      },
    },
    filter.max ? { max: filter.max } : {},
  );
  return filter.identifier ? ids.filter((b) => sameIdentifier(b, filter.identifier!)) : ids;
}

const sameIdentifier = (b: Resource, identifier: string) => String(b.attributes.identifier).toLowerCase() === identifier.toLowerCase();

/** A bundle ID by resource id or by exact identifier (Apple's identifiers are case-insensitive). */
export async function findBundleId(client: AscClient, ref: string): Promise<Resource> {
  if (!ref.includes(".")) {
    const res = await client.request(`GET /v1/bundleIds/${encodeURIComponent(ref)}`, { query: { "fields[bundleIds]": ["name", "platform", "identifier", "seedId"] } });
    return resolveDocument(res.document).data as Resource;
  }
  validateBundleIdentifier(ref);
  const candidates = await client.collect("GET /v1/bundleIds", {
    query: { "filter[identifier]": [ref], "fields[bundleIds]": ["name", "platform", "identifier", "seedId"] },
  });
  return exactlyOne(candidates, (b) => sameIdentifier(b, ref), {
    what: "bundle ID",
    value: ref,
    label: (b) => String(b.attributes.identifier),
    hint: "Create it with `asckit bundle-ids create`.",
  });
}

export interface EnsureBundleIdResult {
  bundleId: Resource | undefined;
  created: boolean;
  /** What would happen, for --dry-run. */
  plan: "exists" | "create";
}

/**
 * Creates a bundle ID unless the team already has it. Creation is permanent, so the caller confirms
 * first; re-running returns the existing one instead of failing or duplicating.
 */
export async function ensureBundleId(
  client: AscClient,
  input: { identifier: string; name: string; platform: BundleIdPlatform },
  options: { dryRun?: boolean; confirm?: Confirm } = {},
): Promise<EnsureBundleIdResult> {
  validateBundleIdentifier(input.identifier);
  if (!BUNDLE_ID_PLATFORMS.includes(input.platform)) {
    throw new ValidationError(`Invalid platform "${input.platform}".`, {
      field: "platform",
      hint: String(input.platform) === "SERVICES" ? SERVICES_PLATFORM_HINT : `Use one of ${BUNDLE_ID_PLATFORMS.join(", ")}.`,
    });
  }
  if (!input.name.trim()) throw new ValidationError("A bundle ID needs a name.", { field: "name" });
  const existing = (await listBundleIds(client, { identifier: input.identifier }))[0];
  if (existing) return { bundleId: existing, created: false, plan: "exists" };
  if (options.dryRun) return { bundleId: undefined, created: false, plan: "create" };
  await confirmOrStop(options, `Create bundle ID ${input.identifier}? Bundle IDs cannot be deleted once used.`, `Bundle ID ${input.identifier} was not created`);
  try {
    const res = await client.request("POST /v1/bundleIds", {
      body: { data: { type: "bundleIds", attributes: { identifier: input.identifier, name: input.name, platform: input.platform } } },
    });
    return { bundleId: resolveDocument(res.document).data as Resource, created: true, plan: "create" };
  } catch (error) {
    // A POST is never replayed blindly: if the outcome is unknown (5xx, dropped connection), look.
    const category = (error as { category?: string }).category;
    if (category !== "server" && category !== "network") throw error;
    const after = (await listBundleIds(client, { identifier: input.identifier }))[0];
    if (after) return { bundleId: after, created: true, plan: "create" };
    throw error;
  }
}
