import type { AscClient } from "../../client/index.js";
import { listingError } from "./listing-rules.js";
import { listingToMetadata, readListing, type Listing } from "./listing.js";
import { applyMetadataPlan, type ApplyOptions, type ApplyResult } from "./metadata-apply.js";
import { readMetadataDir, writeMetadataDir } from "./metadata-files.js";
import { metadataProblems, type Metadata } from "./metadata-model.js";
import { planMetadata, type MetadataPlan } from "./metadata-plan.js";
import type { VersionRef } from "./versions.js";

export interface PullResult {
  listing: Listing;
  metadata: Metadata;
  files: string[];
}

/** Writes a version's listing to DIR: one file per locale, review.json and version.json. */
export async function pullMetadata(client: AscClient, ref: VersionRef, dir: string): Promise<PullResult> {
  const listing = await readListing(client, ref);
  const metadata = listingToMetadata(listing);
  return { listing, metadata, files: await writeMetadataDir(dir, metadata) };
}

export interface PlanResult {
  listing: Listing;
  plan: MetadataPlan;
}

/** The field-level difference between DIR and App Store Connect. The folder is validated before any request. */
export async function planMetadataDir(client: AscClient, ref: VersionRef, dir: string): Promise<PlanResult> {
  const desired = await readMetadataDir(dir);
  return planFor(client, ref, desired);
}

export async function planFor(client: AscClient, ref: VersionRef, desired: Metadata): Promise<PlanResult> {
  const problems = metadataProblems(desired);
  if (problems.length) throw listingError(problems);
  const listing = await readListing(client, ref);
  return { listing, plan: planMetadata(listing, desired) };
}

export interface ApplyMetadataResult extends PlanResult {
  result: ApplyResult | undefined;
}

/**
 * Makes App Store Connect match DIR, sending only the differences. Idempotent and resumable: it
 * always plans from the live state, so a second run after success sends nothing and a run after an
 * interruption sends only what is still missing (existing localizations are found by exact locale).
 */
export async function applyMetadataDir(client: AscClient, ref: VersionRef, dir: string, options: ApplyOptions & { dryRun?: boolean } = {}): Promise<ApplyMetadataResult> {
  return applyMetadata(client, ref, await readMetadataDir(dir), options);
}

/** The same for metadata given in memory (one locale's fields, the App Review contact…). */
export async function applyMetadata(client: AscClient, ref: VersionRef, desired: Metadata, options: ApplyOptions & { dryRun?: boolean } = {}): Promise<ApplyMetadataResult> {
  const planned = await planFor(client, ref, desired);
  if (options.dryRun || !planned.plan.operations.length) return { ...planned, result: undefined };
  return { ...planned, result: await applyMetadataPlan(client, planned.plan, options) };
}
