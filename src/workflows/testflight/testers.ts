import type { AscClient, Resource } from "../../client/index.js";
import { addBetaTestersToBetaGroup, removeBetaTestersFromBetaGroup } from "../../client/resources/beta-groups.js";
import { createBetaTesterInvitation } from "../../client/resources/beta-tester-invitations.js";
import { removeBetaTestersFromApp } from "../../client/resources/testflight-links.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { confirmOrStop, type Confirm } from "../confirm.js";
import { isValidEmail } from "./tester-csv.js";

/** A tester of one app, with the app's groups they are in. */
export interface AppTester {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
  state: string | null;
  inviteType: string | null;
  groups: Array<{ id: string; name: string; internal: boolean }>;
}

/** Linkages per relationship request; Apple documents no maximum, so stay at its page size. */
export const LINK_BATCH_SIZE = 200;

const str = (v: unknown) => (typeof v === "string" ? v : null);

function toAppTester(t: Resource, appGroupIds?: ReadonlySet<string>): AppTester {
  const related = t.related.betaGroups;
  const groups = (Array.isArray(related) ? related : [])
    .filter((g) => !appGroupIds || appGroupIds.has(g.id))
    .map((g) => ({ id: g.id, name: String(g.attributes.name ?? g.id), internal: g.attributes.isInternalGroup === true }));
  return {
    id: t.id,
    email: String(t.attributes.email ?? ""),
    firstName: str(t.attributes.firstName),
    lastName: str(t.attributes.lastName),
    state: str(t.attributes.state),
    inviteType: str(t.attributes.inviteType),
    groups,
  };
}

export interface TesterQuery {
  appId: string;
  /** Only members of this group. */
  groupId?: string;
  /** Only this address (matched exactly, ignoring case). */
  email?: string;
  /** The app's group ids, to drop other apps' groups from `groups`. */
  appGroupIds?: ReadonlySet<string>;
}

/**
 * The app's testers with their group memberships, in one paged read (`include=betaGroups`): what an
 * import needs to skip members, link existing testers and count against the limits.
 */
export async function listAppTesters(client: AscClient, query: TesterQuery): Promise<AppTester[]> {
  const testers = await client.collect("GET /v1/betaTesters", {
    query: {
      "filter[apps]": [query.appId],
      "filter[betaGroups]": query.groupId ? [query.groupId] : undefined,
      "filter[email]": query.email ? [query.email] : undefined,
      include: ["betaGroups"],
      "fields[betaTesters]": ["email", "firstName", "lastName", "state", "inviteType", "betaGroups"],
      "fields[betaGroups]": ["name", "isInternalGroup"],
      "limit[betaGroups]": 50,
    },
  });
  const all = testers.map((t) => toAppTester(t, query.appGroupIds));
  if (!query.email) return all;
  const hits = all.filter((t) => t.email.toLowerCase() === query.email!.toLowerCase());
  // Apple does not document whether filter[email] ignores case; a miss is re-checked without it.
  if (hits.length) return hits;
  const { email: _email, ...rest } = query;
  return (await listAppTesters(client, rest)).filter((t) => t.email.toLowerCase() === query.email!.toLowerCase());
}

export function checkEmails(emails: readonly string[]): string[] {
  const bad = emails.filter((e) => !isValidEmail(e));
  if (bad.length) throw new ValidationError(`Not a valid email address: ${bad.join(", ")}.`, { field: "EMAIL" });
  const seen = new Map<string, string>();
  for (const e of emails) if (!seen.has(e.toLowerCase())) seen.set(e.toLowerCase(), e);
  return [...seen.values()];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface RemoveTestersResult {
  /** Removed (or, in a dry run, those that would have been). */
  removed: AppTester[];
  /** Addresses that are not testers of the app (or not in the group). */
  notFound: string[];
}

/**
 * Removes testers from one group, or from the app altogether (all its groups), by e-mail. Reads
 * first, so re-running after an interruption only sends what is left. `confirm` is asked about the
 * testers found, after the read and before any write (not in a dry run, nor when none was found); a
 * "no" is NotConfirmedError. `from` names the app or group in that question (default: its id).
 */
export async function removeTesters(
  client: AscClient,
  options: { appId: string; emails: readonly string[]; groupId?: string; dryRun?: boolean; confirm?: Confirm; from?: string },
): Promise<RemoveTestersResult> {
  const emails = checkEmails(options.emails);
  const testers = await listAppTesters(client, { appId: options.appId, ...(options.groupId ? { groupId: options.groupId } : {}) });
  const byEmail = new Map(testers.map((t) => [t.email.toLowerCase(), t]));
  const removed = emails.flatMap((e) => byEmail.get(e.toLowerCase()) ?? []);
  const notFound = emails.filter((e) => !byEmail.has(e.toLowerCase()));
  if (!options.dryRun && removed.length) {
    const from = options.from ?? (options.groupId ? `group ${options.groupId}` : `app ${options.appId}`);
    const who = `${removed.length} tester(s) (${removed.map((t) => t.email).join(", ")})`;
    const question = options.groupId ? `Remove ${who} from ${from}? They lose access through it.` : `Remove ${who} from ${from} and all its beta groups? They lose access to every build.`;
    await confirmOrStop(options, question, `No tester was removed from ${from}`);
  }
  if (!options.dryRun) {
    for (const batch of chunks(removed.map((t) => t.id), LINK_BATCH_SIZE)) {
      if (options.groupId) await removeBetaTestersFromBetaGroup(client, options.groupId, batch);
      else await removeBetaTestersFromApp(client, options.appId, batch);
    }
  }
  return { removed, notFound };
}

/** Adds existing testers to a group by id, in batches (one request per batch). */
export async function linkTestersToGroup(client: AscClient, groupId: string, testerIds: readonly string[]): Promise<number> {
  let requests = 0;
  for (const batch of chunks(testerIds, LINK_BATCH_SIZE)) {
    await addBetaTestersToBetaGroup(client, groupId, batch);
    requests++;
  }
  return requests;
}

/** Sends (or re-sends) the TestFlight invitation of a tester of the app. */
export async function inviteTester(client: AscClient, options: { appId: string; email: string; dryRun?: boolean }): Promise<{ tester: AppTester; sent: boolean }> {
  const [email] = checkEmails([options.email]);
  const tester = (await listAppTesters(client, { appId: options.appId, email: email! }))[0];
  if (!tester)
    throw new AsckitError(`${email} is not a tester of this app.`, {
      category: "not_found",
      hint: "Add them to a group first: `asckit testers add EMAIL --app APP --group NAME`.",
    });
  if (options.dryRun) return { tester, sent: false };
  await createBetaTesterInvitation(client, options.appId, tester.id);
  return { tester, sent: true };
}
