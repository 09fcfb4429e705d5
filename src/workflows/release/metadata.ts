import type { AscClient } from "../../client/index.js";
import { refFlags } from "./command-flags.js";
import { listingError } from "./listing-rules.js";
import { listingToMetadata, readListing, type Listing } from "./listing.js";
import { applyMetadataPlan, type ApplyOptions, type ApplyResult } from "./metadata-apply.js";
import { readMetadataDir, writeMetadataDir } from "./metadata-files.js";
import { metadataProblems, type Metadata } from "./metadata-model.js";
import { planMetadata, type MetadataPlan } from "./metadata-plan.js";
import { resolveSecrets, withoutSecrets } from "./metadata-secrets.js";
import type { VersionRef } from "./versions.js";

export interface PullResult {
  listing: Listing;
  /** What was written: the demo account password is an `env:` reference, never the value. */
  metadata: Metadata;
  files: string[];
  /** review.json fields replaced by an `env:` reference (see metadata-secrets.ts). */
  secretsLeftOut: string[];
}

/** Writes a version's listing to DIR: one file per locale, review.json and version.json (without the demo account password). */
export async function pullMetadata(client: AscClient, ref: VersionRef, dir: string): Promise<PullResult> {
  const listing = await readListing(client, ref);
  const { metadata, leftOut } = withoutSecrets(listingToMetadata(listing));
  return { listing, metadata, files: await writeMetadataDir(dir, metadata), secretsLeftOut: leftOut };
}

export interface PlanResult {
  listing: Listing;
  plan: MetadataPlan;
}

export interface PlanOptions {
  /** The clock for "a scheduled release date must be in the future" (default Date.now()). */
  now?: number;
  /** Where `env:NAME` references in the files (the demo account password) are looked up; without it they leave the field unchanged. */
  env?: Record<string, string | undefined>;
}

/** The field-level difference between DIR and App Store Connect. The folder is validated before any request. */
export async function planMetadataDir(client: AscClient, ref: VersionRef, dir: string, options: PlanOptions = {}): Promise<PlanResult> {
  const desired = await readMetadataDir(dir, { versionFlags: refFlags(ref) });
  return planFor(client, ref, desired, options);
}

export async function planFor(client: AscClient, ref: VersionRef, files: Metadata, options: PlanOptions = {}): Promise<PlanResult> {
  const desired = resolveSecrets(files, options.env);
  const problems = metadataProblems(desired);
  if (problems.length) throw listingError(problems);
  const listing = await readListing(client, ref);
  return { listing, plan: planMetadata(listing, desired, { now: options.now ?? Date.now() }) };
}

export interface ApplyMetadataResult extends PlanResult {
  result: ApplyResult | undefined;
}

/**
 * Makes App Store Connect match DIR, sending only the differences. Idempotent and resumable: it
 * always plans from the live state, so a second run after success sends nothing and a run after an
 * interruption sends only what is still missing (existing localizations are found by exact locale).
 */
export async function applyMetadataDir(client: AscClient, ref: VersionRef, dir: string, options: ApplyOptions & PlanOptions & { dryRun?: boolean } = {}): Promise<ApplyMetadataResult> {
  return applyMetadata(client, ref, await readMetadataDir(dir, { versionFlags: refFlags(ref) }), options);
}

/** The same for metadata given in memory (one locale's fields, the App Review contact…). */
export async function applyMetadata(client: AscClient, ref: VersionRef, desired: Metadata, options: ApplyOptions & PlanOptions & { dryRun?: boolean } = {}): Promise<ApplyMetadataResult> {
  const planned = await planFor(client, ref, desired, options);
  if (options.dryRun || !planned.plan.operations.length) return { ...planned, result: undefined };
  return { ...planned, result: await applyMetadataPlan(client, planned.plan, options) };
}
