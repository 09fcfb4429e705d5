import { entityError } from "../api-failure.js";

/** Apple's character limits for listing fields (counted in characters, i.e. Unicode code points). */
export const FIELD_LIMITS: Record<string, number> = {
  name: 30,
  subtitle: 30,
  description: 4000,
  keywords: 100,
  whatsNew: 4000,
  promotionalText: 170,
};

/** The App Store's localizations (as App Store Connect lists them). */
export const APP_STORE_LOCALES = new Set([
  "ar-SA", "ca", "cs", "da", "de-DE", "el", "en-AU", "en-CA", "en-GB", "en-US", "es-ES", "es-MX", "fi", "fr-CA", "fr-FR", "he", "hi", "hr", "hu",
  "id", "it", "ja", "ko", "ms", "nl-NL", "no", "pl", "pt-BR", "pt-PT", "ro", "ru", "sk", "sv", "th", "tr", "uk", "vi", "zh-Hans", "zh-Hant",
]);

const URL_FIELDS = new Set(["supportUrl", "marketingUrl", "privacyPolicyUrl", "privacyChoicesUrl"]);

const length = (s: string) => [...s].length;

/** 409 ENTITY_ERROR.ATTRIBUTE.INVALID for a bad locale, an over-long field or a malformed URL in `attributes`. */
export function checkListingAttributes(attributes: Record<string, unknown>): void {
  const locale = attributes.locale;
  if (locale !== undefined && (typeof locale !== "string" || !APP_STORE_LOCALES.has(locale)))
    throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `'${String(locale)}' is not a valid locale for the App Store.`, "/data/attributes/locale");
  for (const [field, value] of Object.entries(attributes)) {
    if (typeof value !== "string") continue;
    const max = FIELD_LIMITS[field];
    if (max !== undefined && length(value) > max)
      throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `The value for '${field}' is ${length(value)} characters; the maximum is ${max}.`, `/data/attributes/${field}`);
    if (URL_FIELDS.has(field) && value !== "" && !isWebUrl(value))
      throw entityError("ENTITY_ERROR.ATTRIBUTE.INVALID", `The value for '${field}' is not a valid URL.`, `/data/attributes/${field}`);
  }
}

export function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}

export const isBlank = (value: unknown): boolean => value === null || value === undefined || (typeof value === "string" && value.trim() === "");
