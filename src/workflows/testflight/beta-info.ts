import type { AscClient, Resource } from "../../client/index.js";
import { createBetaAppLocalization, listBetaAppLocalizationsOfApp, updateBetaAppLocalization } from "../../client/resources/beta-app-localizations.js";
import { getBetaAppReviewDetailOfApp, updateBetaAppReviewDetail } from "../../client/resources/beta-app-review-details.js";
import { ValidationError } from "../../errors/asckit-error.js";
import { maskSecret } from "../../errors/mask-secrets.js";
import { isValidEmail } from "./tester-csv.js";

/** What external testers and Beta App Review see about the app. */
export interface BetaInfo {
  localizations: Resource[];
  reviewDetail: Resource;
}

export interface BetaLocalizationInput {
  locale: string;
  description?: string;
  feedbackEmail?: string;
  marketingUrl?: string;
  privacyPolicyUrl?: string;
}

export interface ReviewDetailInput {
  contactFirstName?: string;
  contactLastName?: string;
  contactPhone?: string;
  contactEmail?: string;
  demoAccountName?: string;
  demoAccountPassword?: string;
  demoAccountRequired?: boolean;
  notes?: string;
}

export const MAX_BETA_TEXT = 4000;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z]{4})?(-([A-Z]{2}|\d{3}))?$/;

export function reviewDetailView(detail: Resource): Record<string, unknown> {
  return { id: detail.id, ...detail.attributes, demoAccountPassword: maskSecret(detail.attributes.demoAccountPassword) };
}

export async function getBetaInfo(client: AscClient, appId: string): Promise<BetaInfo> {
  const [localizations, reviewDetail] = await Promise.all([listBetaAppLocalizationsOfApp(client, appId), getBetaAppReviewDetailOfApp(client, appId)]);
  return { localizations, reviewDetail };
}

export function validateLocale(locale: string, field = "--locale"): void {
  if (!LOCALE.test(locale)) throw new ValidationError(`"${locale}" is not a locale App Store Connect uses (e.g. en-US, fr-FR, zh-Hans).`, { field, hint: "Use a language code with an optional region or script, as App Store Connect lists them: en-US, de-DE, pt-BR, zh-Hant." });
}

function checkUrl(value: string | undefined, field: string): void {
  if (value === undefined || value === "") return;
  let ok = false;
  try {
    ok = ["https:", "http:"].includes(new URL(value).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new ValidationError(`${field} must be an http(s) URL, got "${value}".`, { field, hint: "Give the full address with its scheme, e.g. https://example.com/privacy." });
}

function checkText(value: string | undefined, field: string): void {
  if (value !== undefined && value.length > MAX_BETA_TEXT) throw new ValidationError(`${field} is ${value.length} characters; the limit is ${MAX_BETA_TEXT}.`, { field, hint: `Shorten it by ${value.length - MAX_BETA_TEXT} characters.` });
}

function checkEmail(value: string | undefined, field: string): void {
  if (value !== undefined && value !== "" && !isValidEmail(value)) throw new ValidationError(`${field} "${value}" is not a valid email address.`, { field, hint: "Give a full address such as beta@example.com." });
}

/** Local checks of everything `setBetaInfo` would send. */
export function validateBetaInfo(localization: BetaLocalizationInput | undefined, review: ReviewDetailInput | undefined): void {
  if (localization) {
    validateLocale(localization.locale);
    checkText(localization.description, "--description");
    checkEmail(localization.feedbackEmail, "--feedback-email");
    checkUrl(localization.marketingUrl, "--marketing-url");
    checkUrl(localization.privacyPolicyUrl, "--privacy-policy-url");
  }
  if (review) {
    checkEmail(review.contactEmail, "--contact-email");
    checkText(review.notes, "--notes");
    if (review.contactPhone !== undefined && review.contactPhone !== "" && !/^\+?[\d\s().-]{5,}$/.test(review.contactPhone))
      throw new ValidationError(`--contact-phone "${review.contactPhone}" does not look like a phone number.`, { field: "--contact-phone", hint: "Use digits with an optional leading + and country code, e.g. +1 408 555 0100." });
  }
}

/** Only the fields whose value differs from what is stored ("" clears a field). */
function changesOf(current: Record<string, unknown>, wanted: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (value === undefined) continue;
    const next = value === "" ? null : value;
    if ((current[key] ?? null) !== next) out[key] = next;
  }
  return out;
}

export interface BetaInfoChange {
  action: "create" | "update" | "unchanged";
  /** Fields sent (or that would be sent); the password is masked. */
  changes: Record<string, unknown>;
  resource?: Resource;
}

export interface SetBetaInfoResult {
  localization?: BetaInfoChange & { locale: string };
  reviewDetail?: BetaInfoChange;
}

/**
 * Creates or updates the beta app localization for one locale and updates the review details,
 * sending only fields that change, so running it twice sends nothing the second time.
 */
export async function setBetaInfo(
  client: AscClient,
  appId: string,
  input: { localization?: BetaLocalizationInput; reviewDetail?: ReviewDetailInput },
  options: { dryRun?: boolean } = {},
): Promise<SetBetaInfoResult> {
  validateBetaInfo(input.localization, input.reviewDetail);
  const result: SetBetaInfoResult = {};
  if (input.localization) {
    const { locale, ...fields } = input.localization;
    const current = (await listBetaAppLocalizationsOfApp(client, appId)).find((l) => l.attributes.locale === locale);
    const changes = changesOf(current?.attributes ?? {}, fields);
    const action = !current ? "create" : Object.keys(changes).length ? "update" : "unchanged";
    let resource = current;
    if (!options.dryRun && action === "create") resource = await createBetaAppLocalization(client, appId, { locale, ...changes });
    if (!options.dryRun && action === "update") resource = await updateBetaAppLocalization(client, current!.id, changes);
    result.localization = { locale, action, changes, ...(resource ? { resource } : {}) };
  }
  if (input.reviewDetail) {
    const current = await getBetaAppReviewDetailOfApp(client, appId);
    const changes = changesOf(current.attributes, { ...input.reviewDetail });
    const action = Object.keys(changes).length ? "update" : "unchanged";
    const resource = !options.dryRun && action === "update" ? await updateBetaAppReviewDetail(client, current.id, changes) : current;
    result.reviewDetail = { action, changes: { ...changes, ...("demoAccountPassword" in changes ? { demoAccountPassword: maskSecret(changes.demoAccountPassword) } : {}) }, resource };
  }
  return result;
}
