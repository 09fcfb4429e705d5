import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { NotConfirmedError } from "../../../src/workflows/confirm.js";
import { InvalidRowsError } from "../../../src/workflows/testflight/invalid-rows-error.js";
import { importTesters } from "../../../src/workflows/testflight/import-testers.js";
import { removeTesters } from "../../../src/workflows/testflight/testers.js";
import type { TesterRow } from "../../../src/workflows/testflight/tester-csv.js";
import { startTestflightEmulator, type TestflightEmulator } from "./support/testflight-emulator.js";

let env: TestflightEmulator | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

const rows = (emails: string[], groups: string[] = []): TesterRow[] => emails.map((email, i) => ({ line: i + 2, email, groups }));
const range = (n: number, prefix = "t") => Array.from({ length: n }, (_, i) => `${prefix}${i}@example.com`);

/** Emails in a group, straight from the emulator's store. */
function members(e: TestflightEmulator, groupId: string): string[] {
  const store = e.emulator.engine.store;
  return store.edges.targets({ type: "betaGroups", id: groupId }, "betaTesters").map((t) => String(store.get(t.type, t.id)?.attributes.email).toLowerCase());
}

describe("importTesters", () => {
  it("creates new testers one POST each, links existing ones in one batch, and skips members", async () => {
    env = await startTestflightEmulator();
    const { client, demo } = env;
    // Ada is internal only; Alan is already in Public Beta.
    const result = await importTesters(client, { appId: demo.appId, groups: ["Public Beta"], rows: rows(["ada@example.com", "ALAN@example.com", ...range(5)]) });
    expect(result).toMatchObject({ rows: 7, created: 5, linked: 1, alreadyMembers: 1, failed: [], skipped: [], recovered: 0 });
    expect(result.counts.external).toEqual({ before: 2, after: 8, limit: 10_000 });
    expect(result.counts.internal).toEqual({ before: 2, after: 2, limit: 100 });
    const writes = env.writes().map((w) => `${w.method} ${w.path.replace(demo.betaGroupIds.external, "{external}")}`);
    expect(writes).toEqual(["POST /v1/betaGroups/{external}/relationships/betaTesters", ...Array(5).fill("POST /v1/betaTesters")]);
    const link = env.writes()[0]!.body as { data: Array<{ type: string; id: string }> };
    expect(link.data).toEqual([{ type: "betaTesters", id: demo.betaTesterIds.ada }]);
    expect(members(env, demo.betaGroupIds.external).sort()).toEqual(["ada@example.com", "alan@example.com", "grace@example.com", ...range(5)].sort());
  });

  it("is idempotent: a second run writes nothing", async () => {
    env = await startTestflightEmulator();
    const input = { appId: env.demo.appId, groups: ["Public Beta"], rows: rows(range(12)) };
    await importTesters(env.client, input);
    const before = env.writes().length;
    const again = await importTesters(env.client, input);
    expect(again).toMatchObject({ created: 0, linked: 0, alreadyMembers: 12 });
    expect(env.writes().length).toBe(before);
  });

  it("refuses rows without a usable group before any write: no group before any request, an unknown one after the reads", async () => {
    env = await startTestflightEmulator();
    const { client, demo } = env;
    const good = { line: 2, email: "good@example.com", groups: ["Public Beta"] };
    const noGroup = importTesters(client, { appId: demo.appId, rows: [good, { line: 3, email: "nogroup@example.com", groups: [] }] });
    await expect(noGroup).rejects.toBeInstanceOf(InvalidRowsError);
    await expect(noGroup).rejects.toMatchObject({
      category: "validation",
      message: "1 invalid row (line 3); nothing was imported.",
      problems: [{ line: 3, kind: "invalid", message: "nogroup@example.com: no group (pass --group or fill the groups column)" }],
    });
    expect(env.requests).toEqual([]);

    const typo = importTesters(client, { appId: demo.appId, rows: [good, { line: 4, email: "typo@example.com", groups: ["Public Bta"] }, { line: 5, email: "typo2@example.com", groups: ["QA"] }] });
    await expect(typo).rejects.toMatchObject({
      message: "2 invalid rows (lines 4, 5); nothing was imported.",
      hint: "Fix those rows and run the import again.",
      problems: [
        { line: 4, kind: "invalid", message: 'typo@example.com: unknown group "Public Bta" (groups: Internal Testers, Public Beta)' },
        { line: 5, kind: "invalid", message: 'typo2@example.com: unknown group "QA" (groups: Internal Testers, Public Beta)' },
      ],
    });
    expect(env.requests.length).toBeGreaterThan(0);
    expect(env.writes()).toEqual([]);
  });

  it("takes groups from the groups column, creating a tester with all of them in one POST; skipInvalid skips rows without a usable group", async () => {
    env = await startTestflightEmulator();
    const { client, demo } = env;
    const result = await importTesters(client, {
      appId: demo.appId,
      skipInvalid: true,
      rows: [
        { line: 2, email: "both@example.com", firstName: "Bo", lastName: "Th", groups: ["Internal Testers", "Public Beta"] },
        { line: 3, email: "nogroup@example.com", groups: [] },
        { line: 4, email: "typo@example.com", groups: ["Public Bta"] },
      ],
    });
    expect(result.created).toBe(1);
    expect(result.skipped).toEqual([
      { line: 3, kind: "invalid", message: "nogroup@example.com: no group (pass --group or fill the groups column)" },
      { line: 4, kind: "invalid", message: 'typo@example.com: unknown group "Public Bta" (groups: Internal Testers, Public Beta)' },
    ]);
    const post = env.writes()[0]!.body as { data: { attributes: unknown; relationships: { betaGroups: { data: unknown[] } } } };
    expect(post.data.attributes).toEqual({ email: "both@example.com", firstName: "Bo", lastName: "Th" });
    expect(post.data.relationships.betaGroups.data).toHaveLength(2);
  });

  it("refuses an unknown --group before any write, listing the groups", async () => {
    env = await startTestflightEmulator();
    await expect(importTesters(env.client, { appId: env.demo.appId, groups: ["Beta"], rows: rows(["x@example.com"]) })).rejects.toMatchObject({
      category: "not_found",
      message: 'No beta group is named "Beta".',
      hint: "The app's groups: Internal Testers (internal), Public Beta (external). Names must match exactly.",
    });
    expect(env.writes()).toEqual([]);
  });

  it("checks the tester limits before any write and says how many fit", async () => {
    env = await startTestflightEmulator();
    const { client, demo } = env;
    // Internal: Ada and Grace are there, so 98 more fit.
    const tooMany = importTesters(client, { appId: demo.appId, appName: "Demo App", groups: ["Internal Testers"], rows: rows(range(99)) });
    await expect(tooMany).rejects.toThrow(ValidationError);
    await expect(tooMany).rejects.toThrow("Adding 99 internal testers to Demo App would make 101; an app can have at most 100 internal testers and it has 2, so only 98 more fit.");
    expect(env.writes()).toEqual([]);
    // More rows than any app can hold is refused before the first request of all.
    const requestsBefore = env.requests.length;
    await expect(importTesters(client, { appId: demo.appId, groups: ["Public Beta"], rows: rows(range(10_001)) })).rejects.toThrow(
      "10,001 testers cannot fit: an app can have at most 10,000 external testers (and 100 internal ones), so at most 10,000 of these fit.",
    );
    expect(env.requests.length).toBe(requestsBefore);
    // Exactly the number that fits goes through.
    expect((await importTesters(client, { appId: demo.appId, groups: ["Internal Testers"], rows: rows(range(98)) })).created).toBe(98);
  });

  it("plans without writing in a dry run", async () => {
    env = await startTestflightEmulator();
    const result = await importTesters(env.client, { appId: env.demo.appId, groups: ["Public Beta"], rows: rows(["ada@example.com", ...range(3)]), dryRun: true });
    expect(result).toMatchObject({ dryRun: true, created: 3, linked: 1, alreadyMembers: 0 });
    expect(env.writes()).toEqual([]);
  });

  it("after a 500 on a create it re-reads and sends only what is still missing; a 409 is reported per row", async () => {
    env = await startTestflightEmulator();
    const { client, demo, emulator } = env;
    emulator.failNext({ status: 500, count: 1, method: "POST", path: /^\/v1\/betaTesters$/ });
    emulator.failNext({ status: 409, count: 1, method: "POST", path: /^\/v1\/betaTesters$/ });
    const progress: number[] = [];
    const result = await importTesters(client, {
      appId: demo.appId,
      groups: ["Public Beta"],
      rows: rows(range(4)),
      concurrency: 1,
      onProgress: (done) => progress.push(done),
    });
    // t0 hit the 500 (not applied) and was sent again after the re-read; t1 hit the 409.
    expect(result.created).toBe(3);
    expect(result.failed).toHaveLength(1);
    expect(result.failed[0]).toMatchObject({ email: "t1@example.com", line: 3 });
    expect(members(env, demo.betaGroupIds.external).filter((e) => e.startsWith("t")).sort()).toEqual(["t0@example.com", "t2@example.com", "t3@example.com"]);
    expect(progress).toEqual([0, 0, 1, 2]);
  });

  it("runs creates with bounded concurrency", async () => {
    env = await startTestflightEmulator({ maxConcurrent: 8 });
    let inFlight = 0;
    let peak = 0;
    env.emulator.setFaults({ latencyMs: 5 });
    const { client, demo } = env;
    const original = client.request.bind(client);
    client.request = (async (...args: Parameters<typeof original>) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      try {
        return await original(...args);
      } finally {
        inFlight--;
      }
    }) as typeof client.request;
    await importTesters(client, { appId: demo.appId, groups: ["Public Beta"], rows: rows(range(20)), concurrency: 3 });
    expect(peak).toBe(3);
  });
});

describe("removeTesters", () => {
  it("asks confirm with the testers it found, after reading and before writing; a no sends nothing", async () => {
    env = await startTestflightEmulator();
    const { client, demo } = env;
    const asked: string[] = [];
    const declined = await removeTesters(client, { appId: demo.appId, emails: ["GRACE@example.com", "nobody@example.com"], from: "app com.example.demo", confirm: async (q) => (asked.push(q), false) }).catch((e: unknown) => e);
    expect(asked).toEqual(["Remove 1 tester(s) (grace@example.com) from app com.example.demo and all its beta groups? They lose access to every build."]);
    expect(declined).toBeInstanceOf(NotConfirmedError);
    expect(declined).toMatchObject({ category: "usage", message: "No tester was removed from app com.example.demo: not confirmed." });
    expect(env.writes()).toEqual([]);
    expect(members(env, demo.betaGroupIds.internal)).toContain("grace@example.com");

    const done = await removeTesters(client, { appId: demo.appId, emails: ["grace@example.com"], confirm: async () => true });
    expect(done.removed.map((t) => t.email)).toEqual(["grace@example.com"]);
    expect(env.writes().map((w) => `${w.method} ${w.path}`)).toEqual([`DELETE /v1/apps/${demo.appId}/relationships/betaTesters`]);
    expect(members(env, demo.betaGroupIds.internal)).not.toContain("grace@example.com");
    expect(members(env, demo.betaGroupIds.external)).not.toContain("grace@example.com");
  });
});
