import { ValidationError } from "../../errors/asckit-error.js";

/**
 * Apple's limits for listing fields, in characters. Characters are Unicode code points, so
 * "café" is 4 and an emoji such as 🚀 is 1, as App Store Connect counts them.
 */
export const FIELD_LIMITS = {
  name: 30,
  subtitle: 30,
  description: 4000,
  keywords: 100,
  whatsNew: 4000,
  promotionalText: 170,
} as const;

export type LimitedField = keyof typeof FIELD_LIMITS;

export const URL_FIELDS = ["supportUrl", "marketingUrl", "privacyPolicyUrl", "privacyChoicesUrl"] as const;

/** The App Store's localizations, as App Store Connect lists them. */
export const APP_STORE_LOCALES: readonly string[] = [
  "ar-SA", "ca", "cs", "da", "de-DE", "el", "en-AU", "en-CA", "en-GB", "en-US", "es-ES", "es-MX", "fi", "fr-CA", "fr-FR", "he", "hi", "hr", "hu",
  "id", "it", "ja", "ko", "ms", "nl-NL", "no", "pl", "pt-BR", "pt-PT", "ro", "ru", "sk", "sv", "th", "tr", "uk", "vi", "zh-Hans", "zh-Hant",
];

export const charCount = (text: string): number => [...text].length;

/** "keywords is 101 characters, 1 over the limit of 100", or undefined when within the limit. */
export function limitProblem(field: string, value: unknown): string | undefined {
  const max = (FIELD_LIMITS as Record<string, number>)[field];
  if (max === undefined || typeof value !== "string") return undefined;
  const n = charCount(value);
  return n > max ? `${field} is ${n} characters, ${n - max} over the limit of ${max}` : undefined;
}

/** Why `value` is not a usable web address, or undefined when it is one. */
export function urlProblem(field: string, value: unknown): string | undefined {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value !== "string") return `${field} must be a URL string`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${field} "${value}" is not a valid URL (it needs a scheme, e.g. https://)`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return `${field} "${value}" must use http or https`;
  if (!url.hostname.includes(".") && url.hostname !== "localhost" && !/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) return `${field} "${value}" has no valid host name`;
  return undefined;
}

export function localeProblem(locale: string): string | undefined {
  if (APP_STORE_LOCALES.includes(locale)) return undefined;
  const normal = locale.replace(/_/g, "-").toLowerCase();
  const near = APP_STORE_LOCALES.find((l) => l.toLowerCase() === normal) ?? APP_STORE_LOCALES.find((l) => l.split("-")[0] === normal.split("-")[0]);
  return `"${locale}" is not an App Store locale${near ? ` (did you mean ${near}?)` : ""}`;
}

/** Throws one ValidationError naming every problem of a set of listing fields (before any request). */
export function assertListingFields(fields: Record<string, unknown>, where = ""): void {
  const problems = listingProblems(fields);
  if (problems.length) throw listingError(problems.map((p) => `${where}${p}`));
}

export function listingProblems(fields: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const p = limitProblem(field, value) ?? ((URL_FIELDS as readonly string[]).includes(field) ? urlProblem(field, value) : undefined);
    if (p) problems.push(p);
  }
  return problems;
}

export function listingError(problems: string[]): ValidationError {
  const [first, ...rest] = problems;
  return new ValidationError(rest.length ? `${problems.length} problems: ${problems.join("; ")}.` : `${first}.`, {
    field: problems.length === 1 ? first!.split(" ")[0] : undefined,
    hint: "Fix the values and run again; nothing was sent to App Store Connect.",
  });
}
