import { describe, expect, it } from "vitest";
import { resolveDocument, type Resource } from "../../../src/client/index.js";

const API = "https://api.appstoreconnect.apple.com";

// Shaped like GET /v1/builds?include=app,preReleaseVersion,buildBetaDetail,betaGroups
const DOC = {
  data: [
    {
      type: "builds",
      id: "b1",
      attributes: { version: "42", processingState: "VALID", uploadedDate: "2026-01-15T10:00:00-08:00" },
      relationships: {
        app: { data: { type: "apps", id: "1234567890" }, links: { related: `${API}/v1/builds/b1/app` } },
        preReleaseVersion: { data: { type: "preReleaseVersions", id: "p1" } },
        buildBetaDetail: { data: { type: "buildBetaDetails", id: "bbd1" } },
        betaGroups: { data: [{ type: "betaGroups", id: "g1" }, { type: "betaGroups", id: "g-missing" }] },
        appEncryptionDeclaration: { data: null },
        icons: { links: { related: `${API}/v1/builds/b1/icons` } },
      },
      links: { self: `${API}/v1/builds/b1` },
    },
  ],
  included: [
    { type: "apps", id: "1234567890", attributes: { name: "Example", bundleId: "com.example.app" }, relationships: { builds: { data: [{ type: "builds", id: "b1" }] } } },
    { type: "preReleaseVersions", id: "p1", attributes: { version: "1.2.0", platform: "IOS" } },
    { type: "buildBetaDetails", id: "bbd1", attributes: { internalBuildState: "IN_BETA_TESTING", externalBuildState: "READY_FOR_BETA_SUBMISSION" } },
    { type: "betaGroups", id: "g1", attributes: { name: "QA", isInternalGroup: true } },
  ],
  links: { self: `${API}/v1/builds?include=app`, next: `${API}/v1/builds?cursor=Mg&include=app` },
  meta: { paging: { total: 3, limit: 1 } },
};

describe("resolveDocument", () => {
  const doc = resolveDocument(DOC);
  const build = (doc.data as Resource[])[0]!;

  it("keeps data, included, links and meta", () => {
    expect(build).toMatchObject({ type: "builds", id: "b1", attributes: { version: "42" } });
    expect(doc.included.map((r) => `${r.type}/${r.id}`)).toEqual(["apps/1234567890", "preReleaseVersions/p1", "buildBetaDetails/bbd1", "betaGroups/g1"]);
    expect(doc.links.next).toBe(`${API}/v1/builds?cursor=Mg&include=app`);
    expect(doc.meta).toEqual({ paging: { total: 3, limit: 1 } });
  });

  it("resolves to-one and to-many linkage against included, omitting what is missing", () => {
    expect((build.related.app as Resource).attributes).toEqual({ name: "Example", bundleId: "com.example.app" });
    expect((build.related.preReleaseVersion as Resource).attributes.version).toBe("1.2.0");
    expect((build.related.buildBetaDetail as Resource).attributes.externalBuildState).toBe("READY_FOR_BETA_SUBMISSION");
    expect((build.related.betaGroups as Resource[]).map((g) => g.id)).toEqual(["g1"]);
    expect(build.related.appEncryptionDeclaration).toBeNull();
    expect("icons" in build.related).toBe(false);
  });

  it("keeps JSON output in Apple's shape even when included resources point back (no cycles)", () => {
    const app = build.related.app as Resource;
    expect(app.related.builds).toEqual([]); // b1 is primary data, not included
    const roundTrip = JSON.parse(JSON.stringify(doc.data)) as unknown[];
    expect(roundTrip).toEqual(DOC.data);
  });

  it("handles a single resource, null data and junk", () => {
    const single = resolveDocument({ data: { type: "apps", id: 7, attributes: { name: "X" } } });
    expect(single.data).toMatchObject({ type: "apps", id: "7", attributes: { name: "X" }, relationships: {} });
    expect(resolveDocument({ data: null }).data).toBeNull();
    expect(resolveDocument(undefined)).toEqual({ data: null, included: [], links: {}, meta: undefined });
    expect(resolveDocument({ data: [{ id: "no-type" }, { type: "apps", id: "1" }] }).data).toHaveLength(1);
  });
});
