import type { AscClient, Resource } from "../../client/index.js";
import { AscApiError } from "../../client/index.js";
import { createBetaTester } from "../../client/resources/beta-testers.js";
import { AsckitError, ValidationError } from "../../errors/asckit-error.js";
import { kindOf, listGroupsOfApp, pickGroup, type GroupKind } from "./beta-groups.js";
import { InvalidRowsError } from "./invalid-rows-error.js";
import { runBounded } from "./run-bounded.js";
import type { CsvProblem, TesterRow } from "./tester-csv.js";
import { checkTesterLimit, TESTER_LIMITS } from "./tester-limits.js";
import { LINK_BATCH_SIZE, linkTestersToGroup, listAppTesters, type AppTester } from "./testers.js";

export interface ImportTestersOptions {
  appId: string;
  /** Shown in limit messages. */
  appName?: string;
  /** Groups (names or ids) every row goes into, on top of the row's own `groups` column. */
  groups?: readonly string[];
  rows: readonly TesterRow[];
  /** Requests in flight at once (default 4; the client caps it too). */
  concurrency?: number;
  dryRun?: boolean;
  /**
   * Skip rows that cannot be imported (no group, a group the app does not have) and report them in
   * `skipped`. Without it such rows refuse the whole import with an InvalidRowsError before any
   * write (before any request at all when the rows alone show it).
   */
  skipInvalid?: boolean;
  /** Testers written so far out of those that need a write. */
  onProgress?: (done: number, total: number) => void;
}

export interface ImportFailure {
  email: string;
  line: number;
  message: string;
}

export interface ImportTestersResult {
  groups: Array<{ id: string; name: string; kind: GroupKind }>;
  /** Rows asked for (after de-duplication). */
  rows: number;
  /** Rows already in every group they name: nothing sent. */
  alreadyMembers: number;
  /** New testers (one POST each, with their groups). */
  created: number;
  /** Existing testers of the app added to more groups (relationship requests, up to 200 per request). */
  linked: number;
  /** Rows skipped before any write (unknown group, no group); only with `skipInvalid`. */
  skipped: CsvProblem[];
  /** Rows whose write failed with a server or network error but turned out to be stored when re-read. */
  recovered: number;
  /** Rows the API refused or that could not be written. */
  failed: ImportFailure[];
  /** The app's internal/external tester counts before and (planned) after. */
  counts: Record<GroupKind, { before: number; after: number; limit: number }>;
  dryRun: boolean;
}

interface Work {
  row: TesterRow;
  groups: Resource[];
  /** Set when the tester already exists in the app. */
  testerId?: string;
}

/** Failures worth one more attempt after re-reading what the API actually stored. */
const transient = (error: unknown) => error instanceof AsckitError && ["server", "network", "rate_limited"].includes(error.category);
const fatal = (error: unknown) => error instanceof AsckitError && error.category === "auth";

const noGroup = (row: TesterRow): CsvProblem => ({ line: row.line, kind: "invalid", message: `${row.email}: no group (pass --group or fill the groups column)` });

/**
 * Rows that name no group while no group is given for all of them: the rows alone show it, so
 * callers can refuse before the first request (the app lookup included).
 */
export function rowsWithoutGroup(rows: readonly TesterRow[], groups: readonly string[] = []): CsvProblem[] {
  return groups.length ? [] : rows.filter((row) => !row.groups.length).map(noGroup);
}

const messageOf = (error: unknown) => {
  if (error instanceof AscApiError) return `${error.message}${error.associatedErrors.length ? ` (${error.associatedErrors.join("; ")})` : ""}`;
  return error instanceof Error ? error.message : String(error);
};

/**
 * Puts testers into beta groups, idempotently: it first reads the app's testers and their groups
 * (one paged request), skips rows already in their groups, adds existing testers with relationship
 * requests in batches, and creates the rest one POST each (Apple has no bulk create) with bounded
 * concurrency, paced by the client's rate-limit budget. Limits are checked before the first write,
 * and so are the rows: one without a usable group refuses the import unless `skipInvalid` is set.
 * Interrupted and re-run, it re-reads the state and sends only what is missing. Writes that failed
 * with a server or network error are not replayed blindly: the state is re-read and only testers
 * still missing are sent again, once.
 */
export async function importTesters(client: AscClient, options: ImportTestersOptions): Promise<ImportTestersResult> {
  const concurrency = options.concurrency ?? 4;
  if (options.rows.length > TESTER_LIMITS.external) {
    // Decidable before any request: more rows than any app can ever hold.
    throw new ValidationError(
      `${options.rows.length.toLocaleString("en-US")} testers cannot fit: an app can have at most ${TESTER_LIMITS.external.toLocaleString("en-US")} external testers (and ${TESTER_LIMITS.internal} internal ones), so at most ${TESTER_LIMITS.external.toLocaleString("en-US")} of these fit.`,
      { field: "FILE.csv", hint: "Split the file, or remove testers first." },
    );
  }
  const ungrouped = rowsWithoutGroup(options.rows, options.groups);
  if (ungrouped.length && !options.skipInvalid) throw new InvalidRowsError(ungrouped);
  const appGroups = await listGroupsOfApp(client, options.appId);
  const fixed = (options.groups ?? []).map((ref) => pickGroup(appGroups, ref));
  const skipped: CsvProblem[] = [];
  const wanted: Work[] = [];
  for (const row of options.rows) {
    const names = row.groups.filter((name) => !fixed.some((g) => g.attributes.name === name || g.id === name));
    const unknown = names.filter((name) => !appGroups.some((g) => g.attributes.name === name));
    if (unknown.length) {
      skipped.push({ line: row.line, kind: "invalid", message: `${row.email}: unknown group ${unknown.map((u) => `"${u}"`).join(", ")} (groups: ${appGroups.map((g) => String(g.attributes.name)).join(", ") || "none"})` });
      continue;
    }
    const groups = [...fixed, ...names.map((name) => appGroups.find((g) => g.attributes.name === name)!)];
    if (!groups.length) {
      skipped.push(noGroup(row));
      continue;
    }
    wanted.push({ row, groups });
  }
  // Only reads so far: refusing here leaves the app exactly as it was.
  if (skipped.length && !options.skipInvalid) throw new InvalidRowsError(skipped);

  const appGroupIds = new Set(appGroups.map((g) => g.id));
  const readState = async () => new Map((await listAppTesters(client, { appId: options.appId, appGroupIds })).map((t) => [t.email.toLowerCase(), t]));
  let existing = await readState();
  const plan = planWrites(wanted, existing);

  const counts = countKinds(existing, wanted);
  for (const kind of ["internal", "external"] as const) checkTesterLimit(kind, options.appName ?? `app ${options.appId}`, counts[kind].before, counts[kind].after - counts[kind].before);

  const result: ImportTestersResult = {
    groups: [...new Map(wanted.flatMap((w) => w.groups).map((g) => [g.id, { id: g.id, name: String(g.attributes.name), kind: kindOf(g) }])).values()],
    rows: options.rows.length,
    alreadyMembers: plan.alreadyMembers,
    created: options.dryRun ? plan.creates.length : 0,
    linked: options.dryRun ? plan.linkCount : 0,
    skipped,
    recovered: 0,
    failed: [],
    counts,
    dryRun: Boolean(options.dryRun),
  };
  if (options.dryRun) return result;

  const total = plan.creates.length + plan.linkCount;
  let done = 0;
  const progress = (n: number) => options.onProgress?.((done += n), total);
  options.onProgress?.(0, total);
  let failures = await write(client, plan, concurrency, progress, result);

  const retryable = failures.filter((f) => transient(f.error));
  if (retryable.length) {
    // Some of these writes may have reached Apple before failing: look again and send only what is missing.
    existing = await readState();
    const retry = planWrites(retryable.map((f) => f.work), existing);
    result.recovered = retry.alreadyMembers;
    failures = [...failures.filter((f) => !transient(f.error)), ...(await write(client, retry, concurrency, () => undefined, result))];
  }
  result.failed = failures.map((f) => ({ email: f.work.row.email, line: f.work.row.line, message: messageOf(f.error) }));
  return result;
}

interface Plan {
  alreadyMembers: number;
  /** Existing tester ids to add, per group. */
  links: Map<Resource, Work[]>;
  linkCount: number;
  creates: Work[];
}

function planWrites(wanted: readonly Work[], existing: Map<string, AppTester>): Plan {
  const plan: Plan = { alreadyMembers: 0, links: new Map(), linkCount: 0, creates: [] };
  for (const work of wanted) {
    const tester = existing.get(work.row.email.toLowerCase());
    const missing = work.groups.filter((g) => !tester?.groups.some((m) => m.id === g.id));
    if (!missing.length) plan.alreadyMembers++;
    else if (!tester) plan.creates.push({ row: work.row, groups: missing });
    else {
      plan.linkCount++;
      const link = { row: work.row, groups: missing, testerId: tester.id };
      for (const g of missing) plan.links.set(g, [...(plan.links.get(g) ?? []), link]);
    }
  }
  return plan;
}

/** Distinct testers of each kind now, and after the planned writes. */
function countKinds(existing: Map<string, AppTester>, wanted: readonly Work[]): ImportTestersResult["counts"] {
  const counts = {} as ImportTestersResult["counts"];
  for (const kind of ["internal", "external"] as const) {
    const internal = kind === "internal";
    const before = new Set([...existing.values()].filter((t) => t.groups.some((g) => g.internal === internal)).map((t) => t.email.toLowerCase()));
    const after = new Set(before);
    for (const w of wanted) if (w.groups.some((g) => (kindOf(g) === "internal") === internal)) after.add(w.row.email.toLowerCase());
    counts[kind] = { before: before.size, after: after.size, limit: TESTER_LIMITS[kind] };
  }
  return counts;
}

interface Failure {
  work: Work;
  error: unknown;
}

async function write(client: AscClient, plan: Plan, concurrency: number, progress: (n: number) => void, result: ImportTestersResult): Promise<Failure[]> {
  const failures: Failure[] = [];
  let stopped: unknown;
  const stop = () => stopped !== undefined;

  // Existing testers: one relationship request per group and batch.
  const batches = [...plan.links].flatMap(([group, works]) => {
    const out: Array<{ group: Resource; works: Work[] }> = [];
    for (let i = 0; i < works.length; i += LINK_BATCH_SIZE) out.push({ group, works: works.slice(i, i + LINK_BATCH_SIZE) });
    return out;
  });
  const linkResults = await runBounded(batches, concurrency, (b) => linkTestersToGroup(client, b.group.id, b.works.map((w) => w.testerId!)), stop);
  const failedLinks = new Set<Work>();
  linkResults.forEach((r, i) => {
    if (!r || r.ok) return;
    if (fatal(r.error)) stopped = r.error;
    for (const w of batches[i]!.works) {
      if (failedLinks.has(w)) continue;
      failedLinks.add(w);
      failures.push({ work: { row: w.row, groups: w.groups }, error: r.error });
    }
  });
  const linkedWorks = new Set([...plan.links.values()].flat());
  result.linked += [...linkedWorks].filter((w) => !failedLinks.has(w)).length;
  progress(plan.linkCount);
  if (stopped !== undefined) throw stopped;

  // New testers: one POST each, carrying all their groups.
  const createResults = await runBounded(
    plan.creates,
    concurrency,
    async (w) => {
      await createBetaTester(client, {
        email: w.row.email,
        ...(w.row.firstName ? { firstName: w.row.firstName } : {}),
        ...(w.row.lastName ? { lastName: w.row.lastName } : {}),
        betaGroupIds: w.groups.map((g) => g.id),
      });
      progress(1);
    },
    stop,
  );
  createResults.forEach((r, i) => {
    if (!r) return;
    if (r.ok) result.created++;
    else {
      if (fatal(r.error)) stopped = r.error;
      failures.push({ work: plan.creates[i]!, error: r.error });
    }
  });
  if (stopped !== undefined) throw stopped;
  return failures;
}
