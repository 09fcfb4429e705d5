// The emulator's Build Upload API, driven at the engine level (no HTTP) with the storage route called directly.
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { registerBuildUploads } from "../../../src/emulator/build-uploads/index.js";
import { createUploadStorage, type UploadOperation } from "../../../src/emulator/storage/index.js";
import { createDemoHarness } from "../emulator/engine/engine-harness.js";
import { DEMO_PLIST, makeIpa, type PlistDict } from "./support/make-package.js";

const DELAY = 4000;

function setup() {
  const h = createDemoHarness({ config: { processingDelayMs: DELAY } });
  const storage = createUploadStorage();
  registerBuildUploads(h.engine, { storage });
  const app = { type: "apps", id: h.demo.appId };

  const createUpload = (version: string, shortVersion = "1.2.0", platform = "IOS") =>
    h.call("POST", "/v1/buildUploads", {
      data: { type: "buildUploads", attributes: { cfBundleShortVersionString: shortVersion, cfBundleVersion: version, platform }, relationships: { app: { data: app } } },
    });
  const reserve = (uploadId: string, fileSize: number) =>
    h.call("POST", "/v1/buildUploadFiles", {
      data: { type: "buildUploadFiles", attributes: { fileName: "Demo.ipa", fileSize, uti: "com.apple.ipa", assetType: "ASSET" }, relationships: { buildUpload: { data: { type: "buildUploads", id: uploadId } } } },
    });
  const put = async (op: UploadOperation, bytes: Buffer, headers: Record<string, string> = {}) => {
    const url = new URL(op.url);
    const match = storage.route.path.exec(url.pathname)!;
    return storage.route.handle({
      method: "PUT",
      path: url.pathname,
      match,
      query: Object.fromEntries(url.searchParams),
      headers: { "content-type": op.requestHeaders[0]!.value, ...headers },
      body: bytes.subarray(op.offset, op.offset + op.length),
      baseUrl: "http://127.0.0.1:4010",
      now: h.clock.now(),
    });
  };
  const commit = (fileId: string, hash: string) =>
    h.call("PATCH", `/v1/buildUploadFiles/${fileId}`, { data: { type: "buildUploadFiles", id: fileId, attributes: { uploaded: true, sourceFileChecksums: { file: { hash, algorithm: "MD5" } } } } });

  /** Create → reserve → PUT every part → commit; returns the ids. */
  const uploadIpa = async (version: string, plist: PlistDict = { ...DEMO_PLIST, CFBundleVersion: version }, options: { fillerBytes?: number } = {}) => {
    const bytes = await makeIpa({ plist, fillerBytes: options.fillerBytes ?? 300_000 });
    const upload = await createUpload(version, String(plist.CFBundleShortVersionString ?? "1.2.0"));
    expect(upload.status).toBe(201);
    const file = await reserve(upload.body.data.id, bytes.length);
    expect(file.status).toBe(201);
    const ops = file.body.data.attributes.uploadOperations as UploadOperation[];
    for (const op of ops) expect((await put(op, bytes)).status).toBe(200);
    const committed = await commit(file.body.data.id, createHash("md5").update(bytes).digest("hex"));
    return { uploadId: upload.body.data.id as string, fileId: file.body.data.id as string, ops, bytes, committed };
  };
  const buildsNumbered = async (version: string) =>
    (await h.call("GET", `/v1/builds?filter[app]=${h.demo.appId}&filter[version]=${version}`)).body.data as Array<{ id: string; attributes: Record<string, unknown> }>;
  return { ...h, storage, createUpload, reserve, put, commit, uploadIpa, buildsNumbered };
}

describe("emulator: Build Upload API", () => {
  it("create → reserve (several parts) → PUT → commit → PROCESSING; the build is absent, then PROCESSING, then VALID", async () => {
    const h = setup();
    const { uploadId, ops, committed, bytes } = await h.uploadIpa("7");
    expect(ops.length).toBeGreaterThanOrEqual(3);
    expect(ops.reduce((s, o) => s + o.length, 0)).toBe(bytes.length);
    expect(ops[0]).toMatchObject({ method: "PUT", offset: 0, partNumber: 1, requestHeaders: [{ name: "Content-Type", value: "application/octet-stream" }] });
    expect(committed.status).toBe(200);
    expect(committed.body.data.attributes.assetDeliveryState).toEqual({ state: "UPLOAD_COMPLETE", errors: [], warnings: [] });
    expect(committed.body.data.attributes.sourceFileChecksums.file.algorithm).toBe("MD5");

    const upload = await h.call("GET", `/v1/buildUploads/${uploadId}`);
    expect(upload.body.data.attributes.state).toEqual({ state: "PROCESSING", errors: [], warnings: [], infos: [] });
    expect(upload.body.data.attributes.uploadedDate).toBe(new Date(h.clock.now()).toISOString());
    expect(await h.buildsNumbered("7")).toEqual([]);

    h.clock.advance(DELAY / 2);
    // A plain build listing shows it, without reading the upload first.
    const [build] = await h.buildsNumbered("7");
    expect(build?.attributes).toMatchObject({ version: "7", processingState: "PROCESSING", minOsVersion: "16.0", usesNonExemptEncryption: false });
    const full = await h.call("GET", `/v1/builds/${build!.id}?include=preReleaseVersion,buildUpload,buildBetaDetail`);
    expect(full.body.data.relationships.preReleaseVersion.data).toEqual({ type: "preReleaseVersions", id: expect.any(String) });
    expect(full.body.data.relationships.buildUpload.data).toEqual({ type: "buildUploads", id: uploadId });
    const prv = full.body.included.find((r: { type: string }) => r.type === "preReleaseVersions");
    expect(prv.attributes).toMatchObject({ version: "1.2.0", platform: "IOS" });
    const done = await h.call("GET", `/v1/buildUploads/${uploadId}?include=build`);
    expect(done.body.data.attributes.state.state).toBe("COMPLETE");
    expect(done.body.data.relationships.build.data).toEqual({ type: "builds", id: build!.id });
    const files = await h.call("GET", `/v1/buildUploads/${uploadId}/buildUploadFiles`);
    expect(files.body.data[0].attributes.assetDeliveryState.state).toBe("COMPLETE");

    h.clock.advance(DELAY / 2);
    const valid = await h.call("GET", `/v1/builds/${build!.id}?include=buildBetaDetail`);
    expect(valid.body.data.attributes.processingState).toBe("VALID");
    // Info.plist said ITSAppUsesNonExemptEncryption = NO, so compliance is answered already.
    expect(valid.body.included[0].attributes).toMatchObject({ internalBuildState: "READY_FOR_BETA_TESTING", externalBuildState: "READY_FOR_BETA_SUBMISSION" });
  });

  it("without ITSAppUsesNonExemptEncryption the build is MISSING_EXPORT_COMPLIANCE until answered; true is taken over", async () => {
    const h = setup();
    const { ITSAppUsesNonExemptEncryption: _, ...plist } = DEMO_PLIST;
    await h.uploadIpa("8", { ...plist, CFBundleVersion: "8" });
    await h.uploadIpa("9", { ...DEMO_PLIST, CFBundleVersion: "9", ITSAppUsesNonExemptEncryption: true });
    h.clock.advance(DELAY);
    const [missing] = await h.buildsNumbered("8");
    expect(missing?.attributes.usesNonExemptEncryption).toBeNull();
    const detail = await h.call("GET", `/v1/builds/${missing!.id}/buildBetaDetail`);
    expect(detail.body.data.attributes.internalBuildState).toBe("MISSING_EXPORT_COMPLIANCE");
    await h.call("PATCH", `/v1/builds/${missing!.id}`, { data: { type: "builds", id: missing!.id, attributes: { usesNonExemptEncryption: false } } });
    expect((await h.call("GET", `/v1/builds/${missing!.id}/buildBetaDetail`)).body.data.attributes.internalBuildState).toBe("READY_FOR_BETA_TESTING");
    expect((await h.buildsNumbered("9"))[0]?.attributes.usesNonExemptEncryption).toBe(true);
  });

  it("409 DUPLICATE for a number used by a build or by an upload in flight; a FAILED upload frees it", async () => {
    const h = setup();
    const byBuild = await h.createUpload("1", "1.0.0");
    expect(byBuild.status).toBe(409);
    expect(byBuild.body.errors[0]).toMatchObject({ status: "409", code: "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", source: { pointer: "/data/attributes/cfBundleVersion" } });
    expect(byBuild.body.errors[0].detail).toMatch(/build /);
    expect((await h.createUpload("1", "1.2.0")).status).toBe(201); // other version: free
    const first = await h.createUpload("5");
    expect(first.status).toBe(201);
    const second = await h.createUpload("5");
    expect(second.status).toBe(409);
    expect(second.body.errors[0].detail).toContain(`build upload ${first.body.data.id}`);
    // Fail the first one with a bad checksum: the number is free again.
    const file = await h.reserve(first.body.data.id, 10);
    for (const op of file.body.data.attributes.uploadOperations) await h.put(op, Buffer.alloc(10, 1));
    const failed = await h.commit(file.body.data.id, "0".repeat(32));
    expect(failed.body.data.attributes.assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "CHECKSUM_MISMATCH" }] });
    const upload = await h.call("GET", `/v1/buildUploads/${first.body.data.id}`);
    expect(upload.body.data.attributes.state).toMatchObject({ state: "FAILED", errors: [{ code: "CHECKSUM_MISMATCH" }] });
    expect((await h.createUpload("5")).status).toBe(201);
    expect((await h.createUpload("5.x")).body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.ATTRIBUTE.INVALID", source: { pointer: "/data/attributes/cfBundleVersion" } });
  });

  it("a missing part fails the commit with FILE_SIZE_MISMATCH; parts can be re-sent until commit, not after", async () => {
    const h = setup();
    const bytes = await makeIpa({ fillerBytes: 200_000 });
    const upload = await h.createUpload("11");
    const file = await h.reserve(upload.body.data.id, bytes.length);
    const ops = file.body.data.attributes.uploadOperations as UploadOperation[];
    for (const op of ops) await h.put(op, bytes);
    expect((await h.put(ops[0]!, bytes)).status).toBe(200); // re-sent before commit: fine
    const ok = await h.commit(file.body.data.id, createHash("md5").update(bytes).digest("hex"));
    expect(ok.body.data.attributes.assetDeliveryState.state).toBe("UPLOAD_COMPLETE");
    const late = await h.put(ops[0]!, bytes);
    expect(late.status).toBe(403);
    expect(String(late.body)).toContain("<Code>AccessDenied</Code>");
    expect((await h.commit(file.body.data.id, "x")).status).toBe(409);

    const other = await h.createUpload("12");
    const file2 = await h.reserve(other.body.data.id, bytes.length);
    const ops2 = file2.body.data.attributes.uploadOperations as UploadOperation[];
    for (const op of ops2.slice(1)) await h.put(op, bytes);
    const short = await h.commit(file2.body.data.id, createHash("md5").update(bytes).digest("hex"));
    expect(short.body.data.attributes.assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "FILE_SIZE_MISMATCH", description: expect.stringContaining("parts 1 missing") }] });
  });

  it("an Info.plist that disagrees with the upload fails processing instead of making a build", async () => {
    const h = setup();
    // A build number stored as <integer> is the same number, not a disagreement.
    const { uploadId: intUpload } = await h.uploadIpa("12", { ...DEMO_PLIST, CFBundleVersion: 12 });
    const { uploadId } = await h.uploadIpa("13", { ...DEMO_PLIST, CFBundleVersion: "14" });
    h.clock.advance(DELAY);
    const upload = await h.call("GET", `/v1/buildUploads/${uploadId}`);
    expect(upload.body.data.attributes.state).toMatchObject({ state: "FAILED", errors: [{ code: "BUNDLE_VERSION_MISMATCH" }] });
    expect(await h.buildsNumbered("13")).toEqual([]);
    expect((await h.call("GET", `/v1/buildUploads/${intUpload}`)).body.data.attributes.state.state).toBe("COMPLETE");
    expect(await h.buildsNumbered("12")).toHaveLength(1);
  });

  it("lists an app's uploads with filters; deletes an AWAITING_UPLOAD upload (and its reservation), refuses a COMPLETE one", async () => {
    const h = setup();
    const pending = await h.createUpload("20");
    await h.reserve(pending.body.data.id, 1000);
    const { uploadId } = await h.uploadIpa("21");
    const list = await h.call("GET", `/v1/apps/${h.demo.appId}/buildUploads?filter[cfBundleVersion]=20`);
    expect(list.body.data.map((u: { id: string }) => u.id)).toEqual([pending.body.data.id]);
    const files = await h.call("GET", `/v1/buildUploads/${pending.body.data.id}/buildUploadFiles`);
    expect(files.body.data).toHaveLength(1);
    expect((await h.call("DELETE", `/v1/buildUploads/${pending.body.data.id}`)).status).toBe(204);
    expect((await h.call("GET", `/v1/buildUploadFiles/${files.body.data[0].id}`)).status).toBe(404);
    expect(h.storage.received(files.body.data[0].id)).toBe(0);
    h.clock.advance(DELAY);
    expect((await h.call("DELETE", `/v1/buildUploads/${uploadId}`)).status).toBe(409);
    // A second ASSET file for one upload is refused.
    const again = await h.createUpload("22");
    expect((await h.reserve(again.body.data.id, 5)).status).toBe(201);
    expect((await h.reserve(again.body.data.id, 5)).status).toBe(409);
  });

  it("compares build numbers as numbers: 2.0 is a DUPLICATE of 2 (naming the next free one), and lower numbers are refused", async () => {
    const h = setup();
    // The demo's 1.0.0 has builds 1 and 2.
    const dup = await h.createUpload("2.0", "1.0.0");
    expect(dup.status).toBe(409);
    expect(dup.body.errors[0]).toMatchObject({ code: "ENTITY_ERROR.ATTRIBUTE.INVALID.DUPLICATE", source: { pointer: "/data/attributes/cfBundleVersion" } });
    expect(dup.body.errors[0].detail).toMatch(/^The bundle version '2\.0' has already been used for version '1\.0\.0' \(build \S+\)\. The next free build number is '3'\.$/);
    const lower = await h.createUpload("1.5", "1.0.0");
    expect(lower.status).toBe(409);
    expect(lower.body.errors[0]).toMatchObject({
      code: "ENTITY_ERROR.ATTRIBUTE.INVALID",
      detail: "The bundle version '1.5' must be higher than the previously uploaded version '2' for version '1.0.0'. The next free build number is '3'.",
    });
    // An upload in flight counts too: 10 is taken by it, so 9 is lower and 10.0 a duplicate.
    expect((await h.createUpload("10")).status).toBe(201);
    expect((await h.createUpload("9")).body.errors[0].code).toBe("ENTITY_ERROR.ATTRIBUTE.INVALID");
    expect((await h.createUpload("10.0")).body.errors[0].detail).toContain("The next free build number is '11'.");
    expect((await h.createUpload("10.0.1")).status).toBe(201);
  });

  it("an approved App Store version closes its train: its own and lower versions are accepted at POST, then FAILED with ITMS-90186/90062; a higher or never-approved version goes VALID", async () => {
    const h = setup();
    const data = h.engine.data(h.clock.now());
    const version = (versionString: string, appVersionState: string, appStoreState: string, platform = "IOS") =>
      data.create({ type: "appStoreVersions", attributes: { platform, versionString, appVersionState, appStoreState }, relationships: { app: { type: "apps", id: h.demo.appId } } });
    version("2.0.0", "READY_FOR_DISTRIBUTION", "READY_FOR_SALE");
    version("2.0.10", "IN_REVIEW", "IN_REVIEW"); // in review, not approved: its train is still open
    version("9.0.0", "READY_FOR_DISTRIBUTION", "READY_FOR_SALE", "MAC_OS"); // another platform's train
    const plist = (CFBundleShortVersionString: string, CFBundleVersion: string) => ({ ...DEMO_PLIST, CFBundleShortVersionString, CFBundleVersion });
    const closed = await h.uploadIpa("61", plist("2.0.0", "61"));
    const lower = await h.uploadIpa("62", plist("1.9.0", "62"));
    const sameAsNumber = await h.uploadIpa("63", plist("2.0", "63")); // "2.0" is version 2.0.0
    const higher = await h.uploadIpa("64", plist("2.0.9", "64")); // 2.0.9 > 2.0.0 numerically
    const inReview = await h.uploadIpa("65", plist("2.0.10", "65"));
    for (const u of [closed, lower, sameAsNumber]) expect(u.committed.body.data.attributes.assetDeliveryState.state).toBe("UPLOAD_COMPLETE");
    h.clock.advance(DELAY);

    const stateOf = async (uploadId: string) => (await h.call("GET", `/v1/buildUploads/${uploadId}`)).body.data.attributes.state;
    const more = "Please find more information about CFBundleShortVersionString at https://developer.apple.com/documentation/bundleresources/information_property_list/cfbundleshortversionstring";
    expect(await stateOf(closed.uploadId)).toEqual({
      state: "FAILED",
      errors: [
        { code: "STATE_ERROR.VALIDATION_ERROR.90186", description: "Invalid Pre-Release Train. The train version '2.0.0' is closed for new build submissions" },
        {
          code: "STATE_ERROR.VALIDATION_ERROR.90062",
          description: `This bundle is invalid. The value for key CFBundleShortVersionString [2.0.0] in the Info.plist file must contain a higher version than that of the previously approved version [2.0.0]. ${more}`,
        },
      ],
      warnings: [],
      infos: [],
    });
    expect(await stateOf(lower.uploadId)).toMatchObject({
      state: "FAILED",
      errors: [{ code: "STATE_ERROR.VALIDATION_ERROR.90062", description: expect.stringContaining("CFBundleShortVersionString [1.9.0] in the Info.plist file must contain a higher version than that of the previously approved version [2.0.0].") }],
    });
    expect((await stateOf(sameAsNumber.uploadId)).errors.map((e: { code: string }) => e.code)).toEqual(["STATE_ERROR.VALIDATION_ERROR.90186", "STATE_ERROR.VALIDATION_ERROR.90062"]);
    const files = await h.call("GET", `/v1/buildUploads/${closed.uploadId}/buildUploadFiles`);
    expect(files.body.data[0].attributes.assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "STATE_ERROR.VALIDATION_ERROR.90186" }, { code: "STATE_ERROR.VALIDATION_ERROR.90062" }] });
    for (const n of ["61", "62", "63"]) expect(await h.buildsNumbered(n)).toEqual([]);

    expect((await stateOf(higher.uploadId)).state).toBe("COMPLETE");
    expect((await stateOf(inReview.uploadId)).state).toBe("COMPLETE");
    h.clock.advance(DELAY);
    expect((await h.buildsNumbered("64"))[0]?.attributes.processingState).toBe("VALID");
    expect((await h.buildsNumbered("65"))[0]?.attributes.processingState).toBe("VALID");
  });

  it("a reservation whose storage is gone (a restart on a data file) reads as expired, and its commit fails as expired", async () => {
    const h = setup();
    const upload = await h.createUpload("30");
    const file = await h.reserve(upload.body.data.id, 200_000);
    const fileId = file.body.data.id as string;
    h.clock.advance(60_000);
    // What a restart does to the in-memory storage.
    h.storage.discard(fileId);
    const read = await h.call("GET", `/v1/buildUploadFiles/${fileId}`);
    const ops = read.body.data.attributes.uploadOperations as UploadOperation[];
    expect(ops.length).toBeGreaterThan(1);
    for (const op of ops) {
      expect(Date.parse(op.expiration)).toBeLessThan(h.clock.now());
      expect(Number(new URL(op.url).searchParams.get("Expires")) * 1000).toBeLessThan(h.clock.now());
    }
    const put = await h.put(ops[0]!, Buffer.alloc(200_000));
    expect(put.status).toBe(404);
    expect(String(put.body)).toContain("<Code>NoSuchUpload</Code>");
    const committed = await h.commit(fileId, "0".repeat(32));
    expect(committed.body.data.attributes.assetDeliveryState).toMatchObject({ state: "FAILED", errors: [{ code: "UPLOAD_EXPIRED" }] });
    expect((await h.call("GET", `/v1/buildUploads/${upload.body.data.id}`)).body.data.attributes.state).toMatchObject({ state: "FAILED", errors: [{ code: "UPLOAD_EXPIRED" }] });
  });
});

describe("emulator: upload storage (the pre-signed part URLs)", () => {
  async function reserved() {
    const h = setup();
    const upload = await h.createUpload("40");
    const bytes = Buffer.alloc(300_000, 7);
    const file = await h.reserve(upload.body.data.id, bytes.length);
    return { h, bytes, fileId: file.body.data.id as string, ops: file.body.data.attributes.uploadOperations as UploadOperation[] };
  }
  const xml = (reply: { status: number; body?: unknown; headers?: Record<string, string> }) => {
    expect(reply.headers?.["content-type"]).toBe("application/xml");
    return String(reply.body);
  };

  it("refuses a request carrying an Authorization header with an XML error, as Apple's storage does", async () => {
    const { h, bytes, fileId, ops } = await reserved();
    const reply = await h.put(ops[0]!, bytes, { authorization: "Bearer eyJhbGciOiJFUzI1NiJ9.x.y" });
    expect(reply.status).toBe(400);
    expect(xml(reply)).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>InvalidArgument<\/Code><Message>Only one auth mechanism allowed;.*<\/Message><RequestId>[0-9A-F]{16}<\/RequestId><\/Error>$/);
    expect(h.storage.received(fileId)).toBe(0);
    expect((await h.put(ops[0]!, bytes)).status).toBe(200);
    expect(h.storage.received(fileId)).toBe(ops[0]!.length);
  });

  it("checks the operation's Content-Type and the part's length", async () => {
    const { h, bytes, ops } = await reserved();
    const wrongType = await h.put(ops[0]!, bytes, { "content-type": "image/png" });
    expect(wrongType.status).toBe(400);
    expect(xml(wrongType)).toContain('<Code>InvalidRequest</Code><Message>Missing or wrong header Content-Type: expected "application/octet-stream".</Message>');
    const short = { ...ops[0]!, length: ops[0]!.length - 1 }; // sends one byte too few for the part
    const wrongLength = await h.put(short, bytes);
    expect(wrongLength.status).toBe(400);
    expect(xml(wrongLength)).toContain(`<Code>IncompleteBody</Code><Message>You did not provide the number of bytes specified by the Content-Length HTTP header (expected ${ops[0]!.length}, got ${ops[0]!.length - 1}).</Message>`);
    expect((await h.put(ops[0]!, bytes)).status).toBe(200);
  });

  it("refuses an expired URL (403) and an unknown upload (404 NoSuchUpload)", async () => {
    const { h, bytes, ops } = await reserved();
    h.clock.advance(7 * 86_400_000 + 1000); // reservations last a week
    const late = await h.put(ops[0]!, bytes);
    expect(late.status).toBe(403);
    expect(xml(late)).toContain("<Code>AccessDenied</Code><Message>Request has expired</Message>");
    const unknown = { ...ops[0]!, url: ops[0]!.url.replace(/\/uploads\/[a-f0-9]+\//, `/uploads/${"0".repeat(32)}/`) };
    const missing = await h.put(unknown, bytes);
    expect(missing.status).toBe(404);
    expect(xml(missing)).toContain("<Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message>");
  });
});

