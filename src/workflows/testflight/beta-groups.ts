import type { AscClient, Resource } from "../../client/index.js";
import { buildPath } from "../../client/index.js";
import { createBetaGroup, deleteBetaGroup } from "../../client/resources/beta-groups.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { confirmOrStop, type Confirm } from "../confirm.js";
import { viewOf, type ResourceView } from "../resource-view.js";

export type GroupKind = "internal" | "external";

const GROUP_FIELDS = [
  "name",
  "createdDate",
  "isInternalGroup",
  "hasAccessToAllBuilds",
  "publicLinkEnabled",
  "publicLinkId",
  "publicLinkLimitEnabled",
  "publicLinkLimit",
  "publicLink",
  "feedbackEnabled",
];

/** Apple caps a public link at 10,000 testers, the external limit per app. */
export const MAX_PUBLIC_LINK_LIMIT = 10_000;

export const kindOf = (group: Resource): GroupKind => (group.attributes.isInternalGroup === true ? "internal" : "external");

export function groupView(group: Resource): ResourceView {
  return { ...viewOf(group), type: kindOf(group) };
}

/** Every beta group of the app, in creation order. */
export function listGroupsOfApp(client: AscClient, appId: string): Promise<Resource[]> {
  return client.collect(`GET ${buildPath("/v1/apps/{id}/betaGroups", { id: appId })}`, { query: { "fields[betaGroups]": GROUP_FIELDS } });
}

/**
 * A group by id or exact name (Apple's `filter[name]` matches substrings; names are compared
 * exactly here). An unknown name is an error that lists the app's groups.
 */
export function pickGroup(groups: readonly Resource[], ref: string): Resource {
  const hit = groups.find((g) => g.id === ref) ?? groups.find((g) => g.attributes.name === ref);
  if (hit) return hit;
  const names = groups.map((g) => `${String(g.attributes.name)} (${kindOf(g)})`);
  throw new AsckitError(`No beta group is named "${ref}".`, {
    category: "not_found",
    hint: names.length ? `The app's groups: ${names.join(", ")}. Names must match exactly.` : "The app has no beta groups yet; create one with `asckit testflight groups create`.",
  });
}

export async function findGroup(client: AscClient, appId: string, ref: string): Promise<Resource> {
  return pickGroup(await listGroupsOfApp(client, appId), ref);
}

export interface NewGroup {
  appId: string;
  name: string;
  kind: GroupKind;
  /** External groups: a public TestFlight link anyone can join. */
  publicLink?: boolean;
  /** External groups: cap on testers joining through the public link (1–10,000; enables the link). */
  publicLinkLimit?: number;
  feedbackEnabled?: boolean;
  /** Internal groups: every build goes to the group automatically. */
  allBuilds?: boolean;
}

/** Local checks, before any request. */
export function validateNewGroup(input: NewGroup): void {
  if (!input.name.trim()) throw new ValidationError("The group name is empty.", { field: "NAME" });
  if (input.kind === "internal" && (input.publicLink || input.publicLinkLimit !== undefined))
    throw new ValidationError("Internal groups cannot have a public link.", { field: "--public-link", hint: "Drop --internal to create an external group." });
  if (input.kind === "external" && input.allBuilds)
    throw new ValidationError("Only internal groups can get every build automatically.", { field: "--all-builds", hint: "Add --internal, or add builds to the external group explicitly." });
  const limit = input.publicLinkLimit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_PUBLIC_LINK_LIMIT))
    throw new ValidationError(`The public link limit must be a whole number from 1 to ${MAX_PUBLIC_LINK_LIMIT}, got ${String(limit)}.`, { field: "--public-link-limit" });
}

export interface CreateGroupResult {
  /** "create" (or, in a dry run, "would create") vs "exists" (a group with this exact name is there already). */
  plan: "create" | "exists";
  created: boolean;
  group?: Resource;
  /** The attributes sent (or that would be sent). */
  attributes: Record<string, unknown>;
}

/** Creates a group unless one with the same exact name exists (then returns it unchanged). */
export async function createGroup(client: AscClient, input: NewGroup, options: { dryRun?: boolean } = {}): Promise<CreateGroupResult> {
  validateNewGroup(input);
  const attributes: Record<string, unknown> = { name: input.name, isInternalGroup: input.kind === "internal" };
  if (input.kind === "internal") attributes.hasAccessToAllBuilds = Boolean(input.allBuilds);
  if (input.publicLink || input.publicLinkLimit !== undefined) attributes.publicLinkEnabled = true;
  if (input.publicLinkLimit !== undefined) Object.assign(attributes, { publicLinkLimitEnabled: true, publicLinkLimit: input.publicLinkLimit });
  if (input.feedbackEnabled !== undefined) attributes.feedbackEnabled = input.feedbackEnabled;

  const existing = (await listGroupsOfApp(client, input.appId)).find((g) => g.attributes.name === input.name);
  if (existing) return { plan: "exists", created: false, group: existing, attributes };
  if (options.dryRun) return { plan: "create", created: false, attributes };
  const group = await createBetaGroup(client, { appId: input.appId, ...(attributes as { name: string }) });
  return { plan: "create", created: true, group, attributes };
}

/** Deletes a group (its testers stay testers of the app's other groups). */
export async function deleteGroup(
  client: AscClient,
  appId: string,
  ref: string,
  options: { dryRun?: boolean; confirm?: Confirm } = {},
): Promise<{ group: Resource; deleted: boolean }> {
  const group = await findGroup(client, appId, ref);
  if (options.dryRun) return { group, deleted: false };
  const name = `beta group "${String(group.attributes.name)}" (${group.id})`;
  await confirmOrStop(options, `Delete ${name}? Its testers lose access through it.`, `The ${name} was not deleted`);
  await deleteBetaGroup(client, group.id);
  return { group, deleted: true };
}
