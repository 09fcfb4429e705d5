import { describe, expect, it } from "vitest";
import { operationById } from "../../../../src/spec/operation-table.js";
import { stateError } from "../../../../src/emulator/api-failure.js";
import type { ApiRequest } from "../../../../src/emulator/engine-types.js";
import { createEngine, openStore } from "../../../../src/emulator/engine/index.js";
import { BASE, createDemoHarness } from "./engine-harness.js";

describe("handlers and rules", () => {
  it("runs an operation handler first and falls through when it returns undefined", async () => {
    const seen: string[] = [];
    const store = openStore();
    const engine = createEngine({
      store,
      handlers: {
        salesReports_getCollection: () => ({ status: 200, body: Buffer.from("gz"), headers: { "Content-Type": "application/a-gzip" } }),
        apps_getCollection: async (request) => {
          seen.push(request.path);
          return undefined;
        },
      },
    });
    const request = (id: string, path: string): ApiRequest => ({
      method: "GET",
      path,
      params: {},
      query: {},
      body: undefined,
      operation: operationById(id)!,
      baseUrl: BASE,
      now: 0,
      actor: "x",
    });
    expect((await engine.handle(request("salesReports_getCollection", "/v1/salesReports"))).status).toBe(200);
    const apps = await engine.handle(request("apps_getCollection", "/v1/apps"));
    expect(apps.body).toMatchObject({ data: [], meta: { paging: { total: 0, limit: 50 } } });
    expect(seen).toEqual(["/v1/apps"]);
    engine.registerHandler("apps_getCollection", () => ({ status: 418 }));
    expect((await engine.handle(request("apps_getCollection", "/v1/apps"))).status).toBe(418);
  });

  it("answers 501 NOT_IMPLEMENTED for operations the generic engine cannot serve", () => {
    const engine = createEngine({ store: openStore() });
    const op = operationById("apps_betaTesterUsages_getMetrics")!;
    expect(() =>
      engine.handle({ method: "GET", path: "/v1/apps/1/metrics/betaTesterUsages", params: { id: "1" }, query: {}, body: undefined, operation: op, baseUrl: BASE, now: 0, actor: "x" }),
    ).toThrow(expect.objectContaining({ status: 501 }));
  });

  it("lets later features register rules that refuse, default and observe links", async () => {
    const { engine, call, demo } = createDemoHarness();
    const links: string[] = [];
    engine.rules.register("betaGroups", {
      beforeDelete(_ctx, group) {
        if (group.attributes.isInternalGroup === true) throw stateError("Internal groups stay.");
      },
      afterLink(_ctx, group, rel, change) {
        links.push(`${group.id}.${rel}+${change.added.map((r) => r.id).join(",")}-${change.removed.map((r) => r.id).join(",")}`);
      },
    });
    engine.rules.register("betaTesters", {
      beforeCreate(_ctx, draft) {
        draft.attributes.lastName ??= "Tester";
      },
    });
    const refused = await call("DELETE", `/v1/betaGroups/${demo.betaGroupIds.internal}`);
    expect(refused.status).toBe(409);
    expect(refused.body.errors[0]).toMatchObject({ code: "STATE_ERROR", detail: "Internal groups stay." });

    const created = await call("POST", "/v1/betaTesters", {
      data: { type: "betaTesters", attributes: { email: "rules@example.com" }, relationships: { betaGroups: { data: [{ type: "betaGroups", id: demo.betaGroupIds.external }] } } },
    });
    expect(created.body.data.attributes.lastName).toBe("Tester");
    // The group's hook fires although the link was written from the tester's side.
    expect(links).toEqual([`${demo.betaGroupIds.external}.betaTesters+${created.body.data.id}-`]);
  });
});
