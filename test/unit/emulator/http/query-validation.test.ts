import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorsOf, startTestEmulator, type TestEmulator } from "./helpers.js";

describe("query parameter validation against the spec", () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(() => t.emulator.close());

  it("refuses an undeclared parameter with PARAMETER_ERROR.ILLEGAL naming it", async () => {
    const res = await t.call("GET", "/v1/builds?filter[foo]=1");
    expect(res.status).toBe(400);
    expect(await errorsOf(res)).toEqual([
      expect.objectContaining({
        status: "400",
        code: "PARAMETER_ERROR.ILLEGAL",
        detail: "The parameter 'filter[foo]' can not be used with this request",
        source: { parameter: "filter[foo]" },
      }),
    ]);
  });

  it("refuses an enum value outside the spec, checking every comma-separated element", async () => {
    const res = await t.call("GET", "/v1/builds?filter[processingState]=VALID,DONE");
    expect(res.status).toBe(400);
    const [error] = await errorsOf(res);
    expect(error).toMatchObject({ code: "PARAMETER_ERROR.INVALID", source: { parameter: "filter[processingState]" } });
    expect(error!.detail).toContain("'DONE'");

    const ok = await t.call("GET", "/v1/builds?filter[processingState]=VALID,PROCESSING&sort=-uploadedDate");
    expect(ok.status).toBe(200);
  });

  it("accepts limit=200 and refuses limit=201 with the maximum in the detail", async () => {
    expect((await t.call("GET", "/v1/apps?limit=200")).status).toBe(200);
    const res = await t.call("GET", "/v1/apps?limit=201");
    expect(res.status).toBe(400);
    const [error] = await errorsOf(res);
    expect(error).toMatchObject({ code: "PARAMETER_ERROR.INVALID", source: { parameter: "limit" } });
    expect(error!.detail).toContain("200");
  });

  it("refuses a non-integer limit", async () => {
    for (const value of ["abc", "0", "-1", "2.5"]) {
      const res = await t.call("GET", `/v1/apps?limit=${value}`);
      expect(res.status, value).toBe(400);
      expect((await errorsOf(res))[0]).toMatchObject({ code: "PARAMETER_ERROR.INVALID", source: { parameter: "limit" } });
    }
  });

  it("uses each limit[...] parameter's own maximum", async () => {
    expect((await t.call("GET", "/v1/apps?include=appStoreVersions&limit[appStoreVersions]=50")).status).toBe(200);
    const res = await t.call("GET", "/v1/apps?include=appStoreVersions&limit[appStoreVersions]=51");
    expect((await errorsOf(res))[0]).toMatchObject({ code: "PARAMETER_ERROR.INVALID", source: { parameter: "limit[appStoreVersions]" } });
  });

  it("refuses a non-boolean exists[...] value", async () => {
    expect((await t.call("GET", "/v1/builds?exists[usesNonExemptEncryption]=false")).status).toBe(200);
    const res = await t.call("GET", "/v1/builds?exists[usesNonExemptEncryption]=no");
    expect((await errorsOf(res))[0]).toMatchObject({ code: "PARAMETER_ERROR.INVALID", source: { parameter: "exists[usesNonExemptEncryption]" } });
  });

  it("requires filter[app] on GET /v1/reviewSubmissions with PARAMETER_ERROR.REQUIRED", async () => {
    const res = await t.call("GET", "/v1/reviewSubmissions");
    expect(res.status).toBe(400);
    expect(await errorsOf(res)).toEqual([
      expect.objectContaining({ status: "400", code: "PARAMETER_ERROR.REQUIRED", source: { parameter: "filter[app]" } }),
    ]);
    expect((await t.call("GET", "/v1/reviewSubmissions?filter[app]=6450000001")).status).toBe(200);
  });

  it("reports every problem of one request together", async () => {
    const res = await t.call("GET", "/v1/salesReports?filter[reportType]=SALES&filter[bogus]=1");
    const errors = await errorsOf(res);
    expect(errors.map((e) => `${e.code} ${e.source?.parameter}`).sort()).toEqual([
      "PARAMETER_ERROR.ILLEGAL filter[bogus]",
      "PARAMETER_ERROR.REQUIRED filter[frequency]",
      "PARAMETER_ERROR.REQUIRED filter[reportSubType]",
      "PARAMETER_ERROR.REQUIRED filter[vendorNumber]",
    ]);
  });

  it("allows cursor on list operations only", async () => {
    expect((await t.call("GET", "/v1/apps?cursor=eyJvZmZzZXQiOjUwfQ&limit=50")).status).toBe(200);
    expect(t.engine.requests.at(-1)!.query.cursor).toBe("eyJvZmZzZXQiOjUwfQ");
    const res = await t.call("GET", "/v1/apps/6450000001?cursor=abc");
    expect((await errorsOf(res))[0]).toMatchObject({ code: "PARAMETER_ERROR.ILLEGAL", source: { parameter: "cursor" } });
  });

  it("checks include against its enum", async () => {
    const res = await t.call("GET", "/v1/apps?include=builds,appStoreVersionz");
    expect((await errorsOf(res))[0]).toMatchObject({ code: "PARAMETER_ERROR.INVALID", source: { parameter: "include" } });
  });
});
