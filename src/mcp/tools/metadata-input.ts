import { z } from "zod";
import { ValidationError } from "../../errors/asckit-error.js";
import { LOCALE_FIELDS, REVIEW_FIELDS, VERSION_FIELDS, type Metadata } from "../../workflows/release/metadata-model.js";

const FIELD_NOTES: Record<string, string> = {
  name: "App name (up to 30 characters)",
  subtitle: "Subtitle (up to 30 characters)",
  privacyPolicyUrl: "Privacy policy URL",
  privacyChoicesUrl: "Privacy choices URL",
  description: "Description (up to 4000 characters)",
  keywords: "Keywords, comma-separated (up to 100 characters)",
  whatsNew: "What's New in this version (up to 4000 characters)",
  promotionalText: "Promotional text (up to 170 characters)",
  supportUrl: "Support URL",
  marketingUrl: "Marketing URL",
  contactFirstName: "App Review contact's first name",
  contactLastName: "App Review contact's last name",
  contactPhone: "App Review contact's phone",
  contactEmail: "App Review contact's e-mail",
  demoAccountName: "Sign-in name for App Review",
  demoAccountPassword: "Its password (sent to Apple, never shown back)",
  notes: "Notes for App Review",
  copyright: "Copyright line, e.g. 2025 Example Inc.",
  releaseType: "MANUAL, AFTER_APPROVAL or SCHEDULED",
  earliestReleaseDate: "For SCHEDULED: ISO 8601 date-time",
};

const text = (field: string) => z.string().nullable().optional().describe(`${FIELD_NOTES[field] ?? field}; null or "" clears it, absent leaves it alone.`);
const shape = (fields: readonly string[]) => Object.fromEntries(fields.map((f) => [f, text(f)]));

/** The listing of one version, as `metadata pull` writes it to files; only the fields given are compared. */
export const metadataInput = {
  metadata: z
    .strictObject({
      locales: z.record(z.string(), z.strictObject(shape(LOCALE_FIELDS))).describe("Per locale (en-US, fr-FR, …): the App Store listing fields."),
      review: z
        .strictObject({ ...shape(REVIEW_FIELDS.filter((f) => f !== "demoAccountRequired")), demoAccountRequired: z.boolean().nullable().optional().describe("Whether App Review must sign in.") })
        .optional()
        .describe("App Review contact and demo account."),
      version: z.strictObject(shape(VERSION_FIELDS)).optional().describe("Version-level fields."),
    })
    .optional()
    .describe("The desired listing. Give either this or dir."),
  dir: z.string().min(1).optional().describe("Instead of metadata: a folder on the server's machine in the layout `asckit metadata pull` writes (one file per locale, review.json, version.json)."),
};

export function metadataSource(args: { metadata?: unknown; dir?: string }): { metadata: Metadata } | { dir: string } {
  if ((args.metadata === undefined) === (args.dir === undefined)) throw new ValidationError("Give either metadata or dir.", { category: "usage", field: "metadata" });
  return args.dir !== undefined ? { dir: args.dir } : { metadata: args.metadata as Metadata };
}

/** Long texts (descriptions are up to 4000 characters) are cut in plans: the agent wrote them and has them. */
export function short(value: unknown): unknown {
  return typeof value === "string" && value.length > 200 ? `${value.slice(0, 200)}… (${value.length} characters)` : value;
}
