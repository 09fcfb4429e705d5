import { describe, expect, it } from "vitest";
import { createClient, PaginationError, type Resource } from "../../../src/client/index.js";
import { fakeClock, fakeTokens, json, scriptedFetch, type Reply } from "./support/fakes.js";

const API = "https://api.appstoreconnect.apple.com";

function app(id: string) {
  return { type: "apps", id, attributes: { name: `App ${id}`, bundleId: `com.example.app${id}`, sku: `SKU${id}`, primaryLocale: "en-US" }, links: { self: `${API}/v1/apps/${id}` } };
}

function page(ids: string[], next: string | undefined, self = `${API}/v1/apps`) {
  return json(200, {
    data: ids.map(app),
    links: { self, ...(next ? { next } : {}) },
    meta: { paging: { total: 5, limit: 2 } },
  });
}

function setup(replies: Reply[], baseUrl?: string) {
  const clock = fakeClock();
  const f = scriptedFetch(replies);
  const client = createClient({ baseUrl, tokenProvider: fakeTokens(), fetch: f.fetch, now: clock.now, sleep: clock.sleep, random: () => 0.5 });
  return { client, f };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("paginate", () => {
  it("adds limit=200 to the first request and follows links.next verbatim", async () => {
    const next1 = `${API}/v1/apps?cursor=Mg.AKVtlAs&limit=200&filter%5BbundleId%5D=com.example`;
    const next2 = `${API}/v1/apps?cursor=NA.ALIYtxI&limit=200&filter%5BbundleId%5D=com.example`;
    const { client, f } = setup([page(["1", "2"], next1), page(["3", "4"], next2), page(["5"], undefined)]);
    const items = await all(client.paginate("GET /v1/apps", { query: { "filter[bundleId]": "com.example" } }));
    expect(items.map((r) => r.id)).toEqual(["1", "2", "3", "4", "5"]);
    expect(items[0]!.attributes.bundleId).toBe("com.example.app1");
    expect(f.requests.map((r) => r.url)).toEqual([`${API}/v1/apps?filter[bundleId]=com.example&limit=200`, next1, next2]);
    expect(f.requests.every((r) => r.headers.authorization?.startsWith("Bearer "))).toBe(true);
  });

  it("keeps a caller's limit", async () => {
    const { client, f } = setup([page(["1"], undefined), page(["1"], undefined)]);
    await all(client.paginate("GET /v1/apps", { query: { limit: 50 } }));
    await all(client.paginate("GET /v1/apps", {}, { limit: 7 }));
    expect(f.requests.map((r) => r.url)).toEqual([`${API}/v1/apps?limit=50`, `${API}/v1/apps?limit=7`]);
  });

  it("does not add limit where the operation has none (a to-one related resource)", async () => {
    const { client, f } = setup([json(200, { data: app("1"), links: { self: `${API}/v1/builds/b1/app` } })]);
    const items = await all(client.paginate("GET /v1/builds/b1/app"));
    expect(items.map((r) => r.id)).toEqual(["1"]);
    expect(f.requests[0]!.url).toBe(`${API}/v1/builds/b1/app`);
  });

  it("de-duplicates resources repeated across pages by type and id", async () => {
    const { client } = setup([page(["1", "2"], `${API}/v1/apps?cursor=A&limit=200`), page(["2", "3"], undefined)]);
    expect((await all(client.paginate("GET /v1/apps"))).map((r) => r.id)).toEqual(["1", "2", "3"]);
  });

  it("stops with a server error naming a repeated cursor", async () => {
    const next = `${API}/v1/apps?cursor=Mg.AKVtlAs&limit=200`;
    const { client, f } = setup([page(["1"], next), page(["2"], next)]);
    const seen: string[] = [];
    const err = await (async () => {
      for await (const r of client.paginate("GET /v1/apps")) seen.push(r.id);
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PaginationError);
    expect((err as PaginationError).category).toBe("server");
    expect((err as PaginationError).message).toContain('"Mg.AKVtlAs"');
    expect((err as PaginationError).cursor).toBe("Mg.AKVtlAs");
    expect(seen).toEqual(["1", "2"]);
    expect(f.requests).toHaveLength(2);
  });

  it("refuses a next link on a foreign host or over plain http, without sending the token there", async () => {
    for (const next of ["https://evil.example.com/v1/apps?cursor=Mg", "http://api.appstoreconnect.apple.com/v1/apps?cursor=Mg", "https://api.appstoreconnect.apple.com.evil.example/v1/apps"]) {
      const { client, f } = setup([page(["1"], next)]);
      const err = await all(client.paginate("GET /v1/apps")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PaginationError);
      expect((err as Error).message).toMatch(/^Refusing to follow links\.next to /);
      expect(f.requests).toHaveLength(1);
    }
  });

  it("follows next links on the configured base URL (emulator)", async () => {
    const base = "http://127.0.0.1:4010";
    const { client, f } = setup([page(["1"], `${base}/v1/apps?cursor=Mg&limit=200`), page(["2"], undefined)], base);
    expect((await all(client.paginate("GET /v1/apps"))).map((r) => r.id)).toEqual(["1", "2"]);
    expect(f.requests[1]!.url).toBe(`${base}/v1/apps?cursor=Mg&limit=200`);
  });

  it("stops cleanly at maxPages", async () => {
    const { client, f } = setup([page(["1"], `${API}/v1/apps?cursor=A`), page(["2"], `${API}/v1/apps?cursor=B`)]);
    expect((await all(client.paginate("GET /v1/apps", {}, { maxPages: 2 }))).map((r) => r.id)).toEqual(["1", "2"]);
    expect(f.requests).toHaveLength(2);
  });

  it("resolves included resources on each page", async () => {
    const { client } = setup([
      json(200, {
        data: [{ type: "builds", id: "b1", attributes: { version: "42" }, relationships: { app: { data: { type: "apps", id: "1" } }, preReleaseVersion: { data: { type: "preReleaseVersions", id: "p1" } } } }],
        included: [app("1")],
        links: { self: `${API}/v1/builds` },
      }),
    ]);
    const [build] = await all(client.paginate("GET /v1/builds", { query: { include: ["app", "preReleaseVersion"] } }));
    expect((build!.related.app as Resource).attributes.name).toBe("App 1");
    expect(build!.related.preReleaseVersion).toBeUndefined(); // linked but not included: not invented
  });
});

describe("collect", () => {
  const pages = () => [
    page(["1", "2"], `${API}/v1/apps?cursor=A&limit=2`),
    page(["3", "4"], `${API}/v1/apps?cursor=B&limit=2`),
    page(["5"], undefined),
  ];

  it("collects every page", async () => {
    const { client, f } = setup(pages());
    expect((await client.collect("GET /v1/apps")).map((r) => r.id)).toEqual(["1", "2", "3", "4", "5"]);
    expect(f.requests).toHaveLength(3);
  });

  it("stops fetching once max is reached and asks for no bigger page than needed", async () => {
    const { client, f } = setup(pages());
    expect((await client.collect("GET /v1/apps", {}, { max: 3 })).map((r) => r.id)).toEqual(["1", "2", "3"]);
    expect(f.requests).toHaveLength(2);
    expect(f.requests[0]!.url).toBe(`${API}/v1/apps?limit=3`);
  });

  it("stops fetching once until() matches, including the match", async () => {
    const { client, f } = setup(pages());
    const found = await client.collect("GET /v1/apps", {}, { until: (r) => r.attributes.bundleId === "com.example.app2" });
    expect(found.map((r) => r.id)).toEqual(["1", "2"]);
    expect(f.requests).toHaveLength(1);
    expect(f.pending()).toBe(2);
  });
});
