import type { AscClient, Resource } from "../../client/index.js";
import type { CheckItem } from "../checklist.js";
import { localMediaChecks } from "../media/local-media-checks.js";
import { mediaChecks } from "../media/media-preflight.js";
import { relatedId, relatedOne } from "../resource-view.js";
import { charCount, FIELD_LIMITS, limitProblem, urlProblem } from "./listing-rules.js";
import { readListing, type Listing } from "./listing.js";
import { OPEN_STATES, listSubmissions, submissionView } from "./review-submissions.js";
import { appFlags, versionFlags } from "./command-flags.js";
import { checkUrl } from "./url-check.js";
import { EDITABLE_STATES, listVersions, versionView, type VersionRef } from "./versions.js";

export interface PreflightOptions {
  /** Skip the network check of URLs (they are still checked to be well-formed). */
  offline?: boolean;
  /** Used for the URL checks; required unless offline. */
  fetch?: typeof fetch;
  /** Per URL request (default 10 s). */
  urlTimeoutMs?: number;
  /** Check screenshots and previews too (default true). */
  media?: boolean;
  /**
   * A local media folder or manifest (what `screenshots|previews upload` take) to check with the
   * upload's validators: preview durations and screenshot sizes, which the API cannot tell.
   */
  mediaDir?: string;
}

export interface PreflightReport {
  app: { id: string; bundleId: unknown; name: unknown };
  version: ReturnType<typeof versionView>;
  platform: string;
  ok: boolean;
  counts: { pass: number; warn: number; fail: number };
  items: CheckItem[];
}

const pass = (id: string, message: string): CheckItem => ({ id, status: "pass", message });
const fail = (id: string, message: string, fix: string): CheckItem => ({ id, status: "fail", message, fix });
const warn = (id: string, message: string, fix: string): CheckItem => ({ id, status: "warn", message, fix });

const REQUIRED_LOCALIZATION_FIELDS = ["description", "keywords", "supportUrl"] as const;
const blank = (v: unknown) => v === null || v === undefined || (typeof v === "string" && v.trim() === "");

/**
 * Everything App Review needs from a version, checked before submitting: build, export compliance,
 * listing per locale within Apple's limits, URLs well-formed and reachable, App Review contact,
 * screenshots and previews (the media feature's checks), and no other open submission in the way.
 */
export async function runPreflight(client: AscClient, ref: VersionRef, options: PreflightOptions = {}): Promise<PreflightReport> {
  const listing = await readListing(client, ref);
  const items = await preflightChecks(client, listing, options);
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const i of items) counts[i.status]++;
  return {
    app: { id: listing.app.id, bundleId: listing.app.attributes.bundleId, name: listing.app.attributes.name },
    version: versionView(listing.version),
    platform: listing.platform,
    ok: counts.fail === 0,
    counts,
    items,
  };
}

export async function preflightChecks(client: AscClient, listing: Listing, options: PreflightOptions = {}): Promise<CheckItem[]> {
  const { app, version, platform } = listing;
  const versionString = String(version.attributes.versionString);
  // Every command quoted in a fix names the app, version and platform: pasted as it is, it works on an account with several apps.
  const flags = versionFlags(app, versionString, platform);
  const editHint = `edit DIR/<locale>.json (from \`asckit metadata pull DIR ${flags}\`) and run \`asckit metadata apply DIR ${flags}\``;
  const items: CheckItem[] = [];

  const state = String(version.attributes.appVersionState);
  items.push(
    EDITABLE_STATES.has(state)
      ? pass("version.state", `Version ${versionString} (${platform}) is ${state}.`)
      : fail("version.state", `Version ${versionString} is ${state}, past the point of submitting.`, `See \`asckit review status ${flags}\`; create a new version for further changes.`),
  );
  items.push(...buildChecks(version, versionString, appFlags(app, platform)));
  items.push(
    blank(version.attributes.copyright)
      ? fail("version.copyright", "The version has no copyright.", `Set it: asckit versions update ${versionString} ${appFlags(app, platform)} --copyright "2025 Example Inc."`)
      : pass("version.copyright", `Copyright: ${String(version.attributes.copyright).replace(/\.$/, "")}.`),
  );

  const [released, open] = await Promise.all([
    listVersions(client, app.id, { platform, states: ["READY_FOR_DISTRIBUTION"] }),
    listSubmissions(client, app.id, { platform, states: OPEN_STATES }),
  ]);
  const isUpdate = released.some((v) => v.id !== version.id);
  items.push(...listingChecks(listing, isUpdate, editHint));
  items.push(...(await urlChecks(listing, options)));
  items.push(...reviewDetailChecks(listing.reviewDetail, editHint, flags));
  items.push(submissionCheck(open, version, flags));
  if (options.media !== false)
    items.push(
      ...(await mediaChecks(client, { versionId: version.id, platform, versionFlag: flags, localFilesChecked: options.mediaDir !== undefined })),
    );
  if (options.mediaDir !== undefined) items.push(...(await localMediaChecks(options.mediaDir)));
  return items;
}

function buildChecks(version: Resource, versionString: string, appFlag: string): CheckItem[] {
  const build = relatedOne(version, "build");
  if (!relatedId(version, "build") || !build)
    return [
      fail("build.attached", "No build is attached to the version.", `Attach a VALID build: asckit versions update ${versionString} ${appFlag} --build <build number or id>`),
      fail("build.export-compliance", "Export compliance cannot be checked without a build.", "Attach a build first."),
    ];
  const label = `Build ${String(build.attributes.version)}`;
  const state = String(build.attributes.processingState);
  const items: CheckItem[] = [];
  if (state !== "VALID") items.push(fail("build.valid", `${label} is ${state}.`, state === "PROCESSING" ? `Wait for it: asckit builds wait ${build.id}` : "Upload a new build and attach it."));
  else if (build.attributes.expired === true) items.push(fail("build.valid", `${label} has expired.`, "Upload a new build and attach it."));
  else items.push(pass("build.valid", `${label} is attached and VALID.`));
  const encryption = build.attributes.usesNonExemptEncryption;
  items.push(
    encryption === null || encryption === undefined
      ? fail("build.export-compliance", `${label} has no export compliance answer (usesNonExemptEncryption).`, `Answer it for this build: asckit builds compliance ${build.id} --uses-non-exempt-encryption false (or true if the app uses non-exempt encryption); for later builds, set ITSAppUsesNonExemptEncryption in Info.plist.`)
      : pass("build.export-compliance", `Export compliance answered: usesNonExemptEncryption is ${String(encryption)}.`),
  );
  return items;
}

function listingChecks(listing: Listing, isUpdate: boolean, editHint: string): CheckItem[] {
  const items: CheckItem[] = [];
  const primary = String(listing.app.attributes.primaryLocale ?? "en-US");
  const locales = listing.versionLocalizations;
  if (!locales.some((l) => l.attributes.locale === primary))
    items.push(fail("localization.primary", `No localization for the primary language ${primary}.`, `Add ${primary}.json and ${editHint}.`));
  for (const loc of [...locales].sort((a, b) => String(a.attributes.locale).localeCompare(String(b.attributes.locale)))) {
    const locale = String(loc.attributes.locale);
    const problems: CheckItem[] = [];
    const required = [...REQUIRED_LOCALIZATION_FIELDS, ...(isUpdate ? (["whatsNew"] as const) : [])];
    for (const field of required)
      if (blank(loc.attributes[field])) problems.push(fail(`localization.${locale}.${field}`, `${locale}: ${field} is missing${field === "whatsNew" ? " (required for an update)" : ""}.`, `Fill it in: ${editHint}.`));
    for (const field of Object.keys(FIELD_LIMITS)) {
      const over = limitProblem(field, loc.attributes[field]);
      if (over) problems.push(fail(`localization.${locale}.${field}`, `${locale}: ${over}.`, `Shorten it by ${charCount(String(loc.attributes[field])) - FIELD_LIMITS[field as keyof typeof FIELD_LIMITS]} characters: ${editHint}.`));
    }
    items.push(...(problems.length ? problems : [pass(`localization.${locale}`, `${locale}: description, keywords and support URL present${isUpdate ? ", What's New present" : ""}, all within limits.`)]));

    const info = listing.appInfoLocalizations.find((l) => l.attributes.locale === locale);
    const infoProblems: CheckItem[] = [];
    if (!info || blank(info.attributes.name)) infoProblems.push(fail(`app-info.${locale}.name`, `${locale}: the app has no name in this language.`, `Add "name" to ${locale}.json and ${editHint}.`));
    for (const field of ["name", "subtitle"]) {
      const over = info && limitProblem(field, info.attributes[field]);
      if (over) infoProblems.push(fail(`app-info.${locale}.${field}`, `${locale}: ${over}.`, `Shorten it: ${editHint}.`));
    }
    if (locale === primary && (!info || blank(info.attributes.privacyPolicyUrl)))
      infoProblems.push(fail(`app-info.${locale}.privacyPolicyUrl`, `${locale}: no privacy policy URL (required for every app).`, `Add "privacyPolicyUrl" to ${locale}.json and ${editHint}.`));
    items.push(...(infoProblems.length ? infoProblems : [pass(`app-info.${locale}`, `${locale}: name "${String(info?.attributes.name)}"${info?.attributes.subtitle ? `, subtitle "${String(info.attributes.subtitle)}"` : ""}.`)]));
  }
  return items;
}

interface UrlUse {
  id: string;
  label: string;
  url: string;
}

async function urlChecks(listing: Listing, options: PreflightOptions): Promise<CheckItem[]> {
  const uses: UrlUse[] = [];
  const items: CheckItem[] = [];
  const collect = (resource: Resource, fields: string[]) => {
    const locale = String(resource.attributes.locale);
    for (const field of fields) {
      const value = resource.attributes[field];
      if (blank(value)) continue;
      const bad = urlProblem(field, value);
      if (bad) items.push(fail(`url.${locale}.${field}`, `${locale}: ${bad}.`, "Use a full https:// address."));
      else uses.push({ id: `url.${locale}.${field}`, label: `${locale} ${field}`, url: String(value) });
    }
  };
  for (const info of listing.appInfoLocalizations) collect(info, ["privacyPolicyUrl", "privacyChoicesUrl"]);
  for (const loc of listing.versionLocalizations) collect(loc, ["supportUrl", "marketingUrl"]);
  if (!uses.length) return items;
  if (options.offline || !options.fetch) {
    const why = options.offline ? "offline" : "no fetch function given";
    items.push(warn("url.reachable", `${uses.length} URL${uses.length === 1 ? "" : "s"} well-formed; reachability not checked (${why}).`, "Run the check without --offline to open each URL."));
    return items;
  }
  const distinct = [...new Set(uses.map((u) => u.url))];
  const results = new Map<string, Awaited<ReturnType<typeof checkUrl>>>();
  const queue = [...distinct];
  const worker = async () => {
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) results.set(url, await checkUrl(url, { fetch: options.fetch!, timeoutMs: options.urlTimeoutMs ?? 10_000 }));
  };
  await Promise.all(Array.from({ length: Math.min(4, distinct.length) }, worker));
  const offlineHere = noNetwork([...results.values()]);
  for (const use of uses) {
    const r = results.get(use.url)!;
    if (r.reachable) items.push(pass(use.id, `${use.label} ${use.url} is reachable (HTTP ${r.status}).`));
    else if (r.dnsFailure && offlineHere)
      items.push(
        warn(
          use.id,
          `${use.label} ${use.url}: network unavailable, reachability not checked: ${r.reason} (no network? use --offline to skip reachability).`,
          "Run the check where the internet is reachable (App Review will open this URL), or pass --offline to skip reachability.",
        ),
      );
    else if (r.dnsFailure)
      items.push(fail(use.id, `${use.label} ${use.url} is unreachable: ${r.reason}, while other host names resolve.`, "App Review opens this URL: fix the host name, or register and publish the domain."));
    else items.push(fail(use.id, `${use.label} ${use.url} is unreachable: ${r.reason}.`, "App Review opens this URL: publish the page or fix the address."));
  }
  return items;
}

const NO_DNS_NEEDED = /^(localhost|\d+\.\d+\.\d+\.\d+|\[[0-9a-f:.]+\])$/i;

/**
 * Whether DNS failures are more likely this machine's (no network) than the URLs'. A failure to
 * resolve every host name that needed resolving, with no host name resolving at all, is what a
 * sandbox or CI runner without internet produces: failing the preflight for it would send people
 * to fix URLs that are fine, so those become warnings ("network unavailable, reachability not
 * checked"). Once any host name resolves (an answer, even an HTTP error, or a refused connection),
 * DNS works and a host that does not resolve is a dead address: a failure, like HTTP 404/410 or a
 * connection refused on a resolvable host. IP literals and localhost need no DNS, so they prove
 * nothing either way; a timeout is ambiguous and proves nothing either.
 */
function noNetwork(results: Array<Awaited<ReturnType<typeof checkUrl>>>): boolean {
  const needDns = results.filter((r) => !NO_DNS_NEEDED.test(hostname(r.url)));
  if (!needDns.some((r) => r.dnsFailure)) return false;
  return !needDns.some((r) => !r.dnsFailure && (r.status !== undefined || /^E[A-Z]+$/.test(r.reason ?? "")));
}

const hostname = (url: string) => {
  try {
    return new URL(url).hostname;
  } catch {
    return "";
  }
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function reviewDetailChecks(detail: Resource | undefined, editHint: string, flags: string): CheckItem[] {
  const fix = `Fill in the contact with \`asckit review details ${flags} --first-name … --last-name … --phone … --email …\`, or ${editHint.replace("DIR/<locale>.json", "DIR/review.json")}.`;
  if (!detail) return [fail("review.contact", "No App Review details (contact for App Review).", fix)];
  const a = detail.attributes;
  const missing = ["contactFirstName", "contactLastName", "contactPhone", "contactEmail"].filter((f) => blank(a[f]));
  const items: CheckItem[] = [];
  if (missing.length) items.push(fail("review.contact", `App Review contact incomplete: ${missing.join(", ")} missing.`, fix));
  else if (!EMAIL.test(String(a.contactEmail))) items.push(fail("review.contact", `App Review contact e-mail "${String(a.contactEmail)}" is not an e-mail address.`, fix));
  else items.push(pass("review.contact", `App Review contact: ${String(a.contactFirstName)} ${String(a.contactLastName)}, ${String(a.contactEmail)}, ${String(a.contactPhone)}.`));
  if (a.demoAccountRequired === true) {
    const gaps = ["demoAccountName", "demoAccountPassword"].filter((f) => blank(a[f]));
    items.push(gaps.length ? fail("review.demo-account", `A demo account is required but ${gaps.join(" and ")} ${gaps.length > 1 ? "are" : "is"} missing.`, fix) : pass("review.demo-account", "Demo account given."));
  }
  return items;
}

function submissionCheck(open: Resource[], version: Resource, flags: string): CheckItem {
  const id = "submission.open";
  if (!open.length) return pass(id, "No open review submission; a new one will be created.");
  const mine = open.find((s) => relatedId(s, "appStoreVersionForReview") === version.id);
  const other = open.find((s) => s !== mine);
  if (mine) {
    const v = submissionView(mine);
    if (v.state === "READY_FOR_REVIEW") return pass(id, `Draft submission ${v.id} already holds this version and will be submitted.`);
    if (v.state === "UNRESOLVED_ISSUES") return warn(id, `Submission ${v.id} was returned by App Review (UNRESOLVED_ISSUES); submitting resubmits it.`, "Make sure the issues App Review raised are fixed.");
    return fail(id, `This version is already in submission ${v.id}, which is ${v.state}.`, `See \`asckit review status ${flags}\`.`);
  }
  const v = submissionView(other!);
  if (v.state === "READY_FOR_REVIEW") {
    const items = Array.isArray(other!.related.items) ? other!.related.items.length : 0;
    return items
      ? warn(id, `Draft submission ${v.id} holds ${items} other item${items === 1 ? "" : "s"}; they will be submitted together with this version.`, `Remove them in App Store Connect first if they are not ready.`)
      : pass(id, `Empty draft submission ${v.id} will be reused.`);
  }
  return fail(id, `Submission ${v.id}${v.versionString ? ` for version ${v.versionString}` : ""} is ${v.state}; only one submission per platform can be open.`, v.state === "CANCELING" ? "Wait until it is canceled." : `Wait for it to complete, or cancel it: asckit review cancel --submission ${v.id}`);
}
