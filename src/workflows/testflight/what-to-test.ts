import type { AscClient, Resource } from "../../client/index.js";
import { createBetaBuildLocalization, listBetaBuildLocalizationsOfBuild, updateBetaBuildLocalization } from "../../client/resources/beta-build-localizations.js";
import { ValidationError } from "../../errors/asckit-error.js";
import { MAX_BETA_TEXT, validateLocale } from "./beta-info.js";

export function validateWhatToTest(text: string, locale: string): void {
  validateLocale(locale);
  if (!text.trim()) throw new ValidationError("The What to Test text is empty.", { field: "--what-to-test" });
  if (text.length > MAX_BETA_TEXT) throw new ValidationError(`What to Test is ${text.length} characters; the limit is ${MAX_BETA_TEXT}.`, { field: "--what-to-test" });
}

/** A build's What to Test texts, one per locale. */
export function getWhatToTest(client: AscClient, buildId: string): Promise<Resource[]> {
  return listBetaBuildLocalizationsOfBuild(client, buildId);
}

export interface WhatToTestChange {
  locale: string;
  action: "create" | "update" | "unchanged";
  localization?: Resource;
}

/**
 * Sets What to Test for one locale (creating the build's localization if needed). `current` lets a
 * caller that already has the build's localizations (e.g. via `include`) skip the read.
 */
export async function setWhatToTest(
  client: AscClient,
  buildId: string,
  input: { locale: string; text: string },
  options: { dryRun?: boolean; current?: readonly Resource[] } = {},
): Promise<WhatToTestChange> {
  validateWhatToTest(input.text, input.locale);
  const all = options.current ?? (await listBetaBuildLocalizationsOfBuild(client, buildId));
  const existing = all.find((l) => l.attributes.locale === input.locale);
  const action = !existing ? "create" : existing.attributes.whatsNew === input.text ? "unchanged" : "update";
  let localization = existing;
  if (!options.dryRun && action === "create") localization = await createBetaBuildLocalization(client, buildId, { locale: input.locale, whatsNew: input.text });
  if (!options.dryRun && action === "update") localization = await updateBetaBuildLocalization(client, existing!.id, input.text);
  return { locale: input.locale, action, ...(localization ? { localization } : {}) };
}
