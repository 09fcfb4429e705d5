import { describe, expect, it } from "vitest";
import { TESTER_LIMITS, forgetTesterCounts } from "../../../../src/emulator/testflight/index.js";
import { createTestflightHarness } from "./testflight-harness.js";

type Harness = ReturnType<typeof createTestflightHarness>;

/** Testers written straight into the store, as a large existing team would be (fast; the rules then recount). */
function bulkTesters(h: Harness, groupId: string, count: number): void {
  const group = { type: "betaGroups", id: groupId };
  const app = { type: "apps", id: h.demo.appId };
  h.store.transaction(() => {
    for (let i = 0; i < count; i++) {
      const t = h.store.insert({ type: "betaTesters", id: `bulk-${i}`, attributes: { email: `bulk${i}@example.com`, state: "NOT_INVITED" } });
      for (const [from, rel, to] of [[group, "betaTesters", t], [t, "betaGroups", group], [app, "betaTesters", t], [t, "apps", app]] as const) h.store.edges.add(from, rel, to);
    }
  });
  forgetTesterCounts(h.store);
}

const createTester = (h: Harness, email: string, groupId: string) =>
  h.call("POST", "/v1/betaTesters", {
    data: { type: "betaTesters", attributes: { email }, relationships: { betaGroups: { data: [h.ref("betaGroups", groupId)] } } },
  });

describe("tester limits on the emulator", () => {
  it("allows 100 internal testers per app and refuses the 101st, whichever side the link comes from", async () => {
    const h = createTestflightHarness();
    const internal = h.demo.betaGroupIds.internal; // Ada and Grace already
    bulkTesters(h, internal, TESTER_LIMITS.internal - 2);
    const refused = await createTester(h, "one-more@example.com", internal);
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0]).toMatchObject({ code: "STATE_ERROR", source: { pointer: "/data" } });
    expect(refused.body.errors[0].detail).toBe("The app 'Demo App' can have at most 100 internal testers. It has 100, so 0 of the 1 new testers fit.");
    // The refused create left nothing behind, and the same address is still free for an external group.
    expect((await h.call("GET", "/v1/betaTesters?filter[email]=one-more@example.com")).body.data).toEqual([]);
    expect((await createTester(h, "one-more@example.com", h.demo.betaGroupIds.external)).status).toBe(201);

    // Alan (external only) joining through the relationship endpoint is refused too; an existing member re-added is not new.
    const link = (ids: string[]) => h.call("POST", `/v1/betaGroups/${internal}/relationships/betaTesters`, { data: ids.map((id) => h.ref("betaTesters", id)) });
    expect((await link([h.demo.betaTesterIds.alan])).status).toBe(409);
    expect((await link([h.demo.betaTesterIds.ada])).status).toBe(204);

    // Making room lets exactly one in.
    expect((await h.call("DELETE", `/v1/betaGroups/${internal}/relationships/betaTesters`, { data: [h.ref("betaTesters", h.demo.betaTesterIds.ada)] })).status).toBe(204);
    expect((await link([h.demo.betaTesterIds.alan])).status).toBe(204);
    expect((await createTester(h, "two-more@example.com", internal)).status).toBe(409);
  });

  it("counts a tester in several external groups once, and refuses the 10,001st external tester", async () => {
    const h = createTestflightHarness();
    const external = h.demo.betaGroupIds.external; // Grace and Alan already
    const second = await h.call("POST", "/v1/betaGroups", {
      data: { type: "betaGroups", attributes: { name: "Second" }, relationships: { app: { data: h.ref("apps", h.demo.appId) } } },
    });
    bulkTesters(h, external, TESTER_LIMITS.external - 3);
    // Grace is already external: adding her to another external group is not a new tester.
    const batch = await h.call("POST", `/v1/betaGroups/${second.body.data.id}/relationships/betaTesters`, {
      data: [h.ref("betaTesters", h.demo.betaTesterIds.grace), h.ref("betaTesters", h.demo.betaTesterIds.ada)],
    });
    expect(batch.status).toBe(204); // Ada is new to external testing: 10,000 now
    const over = await createTester(h, "over@example.com", second.body.data.id);
    expect(over.status).toBe(409);
    expect(over.body.errors[0].detail).toBe("The app 'Demo App' can have at most 10000 external testers. It has 10000, so 0 of the 1 new testers fit.");
    // The other app has its own budget.
    const otherGroup = await h.call("POST", "/v1/betaGroups", {
      data: { type: "betaGroups", attributes: { name: "Widgets" }, relationships: { app: { data: h.ref("apps", h.demo.secondAppId) } } },
    });
    expect((await createTester(h, "over@example.com", otherGroup.body.data.id)).status).toBe(201);
  });

  it("keeps one tester per email, whatever the case", async () => {
    const h = createTestflightHarness();
    const a = await createTester(h, "Case@Example.com", h.demo.betaGroupIds.external);
    const b = await createTester(h, "case@example.COM", h.demo.betaGroupIds.internal);
    expect(b.body.data.id).toBe(a.body.data.id);
    const groups = await h.call("GET", `/v1/betaTesters/${a.body.data.id}/relationships/betaGroups`);
    expect(groups.body.data.map((g: { id: string }) => g.id).sort()).toEqual([h.demo.betaGroupIds.external, h.demo.betaGroupIds.internal].sort());
    expect((await h.call("DELETE", `/v1/betaTesters/${a.body.data.id}`)).status).toBe(204);
    const again = await createTester(h, "case@example.com", h.demo.betaGroupIds.external);
    expect(again.body.data.id).not.toBe(a.body.data.id);
  });
});
