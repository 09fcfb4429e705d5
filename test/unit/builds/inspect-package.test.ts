import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "plist";
import { afterAll, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { inspectPackage } from "../../../src/workflows/packages/index.js";
import { DEMO_PLIST, makeIpa, makePkg, zip } from "./support/make-package.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-inspect-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, data: Buffer) => {
  const file = path.join(dir, name);
  writeFileSync(file, data);
  return file;
};

async function validationError(file: string): Promise<ValidationError> {
  const error = await inspectPackage(file).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  expect((error as ValidationError).category).toBe("validation");
  return error as ValidationError;
}

describe("inspectPackage: .ipa", () => {
  it("a version stored as a plist <integer> is read as its digits (with a note); a <real> is refused naming its type", async () => {
    for (const binary of [false, true]) {
      const ints = await inspectPackage(write(`int-${binary}.ipa`, await makeIpa({ binary, plist: { ...DEMO_PLIST, CFBundleShortVersionString: 2, CFBundleVersion: 42 } })));
      expect(ints).toMatchObject({ marketingVersion: "2", buildNumber: "42" });
      expect(ints.notes).toEqual(['CFBundleShortVersionString is stored as a number (2); read as the string "2".', 'CFBundleVersion is stored as a number (42); read as the string "42".']);
    }
    const real = await validationError(write("real.ipa", await makeIpa({ plist: { ...DEMO_PLIST, CFBundleShortVersionString: 1.5 } })));
    expect(real.message).toMatch(/Payload\/Demo\.app\/Info\.plist in .*real\.ipa has CFBundleShortVersionString stored as a number \(1\.5\), not a string; a number cannot hold a version such as 1\.10 exactly\.$/);
    expect(real.field).toBe("CFBundleShortVersionString");
  });

  it("reads the app's own Info.plist (XML), not a framework's", async () => {
    const file = write("demo.ipa", await makeIpa());
    const info = await inspectPackage(file);
    expect(info).toMatchObject({
      kind: "ipa",
      source: "Payload/Demo.app/Info.plist",
      bundleId: "com.example.demo",
      marketingVersion: "1.2.0",
      buildNumber: "7",
      minimumOsVersion: "16.0",
      platform: "IOS",
      usesNonExemptEncryption: false,
      name: "Demo",
      notes: [],
    });
    expect(info.fileSize).toBeGreaterThan(256);
  });

  it("reads a binary Info.plist and the tvOS platform; a missing encryption key stays undefined", async () => {
    const { ITSAppUsesNonExemptEncryption: _, ...rest } = DEMO_PLIST;
    const file = write("tv.ipa", await makeIpa({ binary: true, plist: { ...rest, CFBundleVersion: "2.0.10", CFBundleSupportedPlatforms: ["AppleTVOS"] } }));
    const info = await inspectPackage(file);
    expect(info).toMatchObject({ buildNumber: "2.0.10", platform: "TV_OS", usesNonExemptEncryption: undefined });
  });

  it("ITSAppUsesNonExemptEncryption true is reported as true", async () => {
    const file = write("enc.ipa", await makeIpa({ plist: { ...DEMO_PLIST, ITSAppUsesNonExemptEncryption: true } }));
    expect((await inspectPackage(file)).usesNonExemptEncryption).toBe(true);
  });

  it("a corrupt .ipa (not a zip) is a validation error naming the file", async () => {
    const file = write("corrupt.ipa", Buffer.from("this is not a zip archive at all, just text"));
    const error = await validationError(file);
    expect(error.message).toContain("corrupt.ipa is not a valid .ipa");
  });

  it("a truncated .ipa is a validation error", async () => {
    const whole = await makeIpa({ fillerBytes: 4096 });
    const error = await validationError(write("truncated.ipa", whole.subarray(0, whole.length - 40)));
    expect(error.message).toMatch(/truncated\.ipa is not a valid \.ipa/);
  });

  it("a zip without Payload is refused as not an .ipa", async () => {
    const file = write("nopayload.ipa", await zip([{ name: "Demo.app/Info.plist", data: Buffer.from(build(DEMO_PLIST)) }]));
    const error = await validationError(file);
    expect(error.message).toBe(`${file} is a zip archive without a Payload folder, so it is not an .ipa.`);
  });

  it("a plist without versions names the missing key", async () => {
    const { CFBundleShortVersionString: _, ...rest } = DEMO_PLIST;
    const error = await validationError(write("noversion.ipa", await makeIpa({ plist: rest })));
    expect(error.message).toMatch(/Payload\/Demo\.app\/Info\.plist in .*noversion\.ipa has no CFBundleShortVersionString/);
    expect(error.field).toBe("CFBundleShortVersionString");
    const { CFBundleVersion: __, ...noBuild } = DEMO_PLIST;
    expect((await validationError(write("nobuild.ipa", await makeIpa({ plist: noBuild })))).field).toBe("CFBundleVersion");
  });

  it("a build number that is not dotted integers is refused", async () => {
    const error = await validationError(write("badbuild.ipa", await makeIpa({ plist: { ...DEMO_PLIST, CFBundleVersion: "7b" } })));
    expect(error.message).toContain('CFBundleVersion "7b"');
  });

  it("an unreadable Info.plist is a validation error", async () => {
    const file = write("badplist.ipa", await zip([{ name: "Payload/Demo.app/Info.plist", data: Buffer.from("<plist><dict><key>x</key>") }]));
    expect((await validationError(file)).message).toMatch(/not a (readable|dictionary) property list/);
  });

  it("a missing file and a file that is neither zip nor xar are validation errors", async () => {
    expect((await validationError(path.join(dir, "nope.ipa"))).message).toMatch(/no such file/);
    expect((await validationError(write("notes.txt", Buffer.from("hello")))).message).toMatch(/neither an \.ipa \(zip\) nor a \.pkg \(xar\)/);
  });
});

describe("inspectPackage: macOS .pkg (xar)", () => {
  it("reads Info.plist from a gzip cpio payload", async () => {
    const info = await inspectPackage(write("mac.pkg", makePkg()));
    expect(info).toMatchObject({
      kind: "pkg",
      source: "Demo.pkg/Payload:./Applications/Demo.app/Contents/Info.plist",
      bundleId: "com.example.demo",
      marketingVersion: "1.2.0",
      buildNumber: "7",
      minimumOsVersion: "13.0",
      platform: "MAC_OS",
      usesNonExemptEncryption: false,
      notes: [],
    });
  });

  it("falls back to PackageInfo and Distribution when the payload is pbzx, and says so", async () => {
    const info = await inspectPackage(write("pbzx.pkg", makePkg({ payload: "pbzx" })));
    expect(info).toMatchObject({ source: "Demo.pkg/PackageInfo", bundleId: "com.example.demo", marketingVersion: "1.2.0", buildNumber: "7", minimumOsVersion: "12.0", platform: "MAC_OS", usesNonExemptEncryption: undefined });
    expect(info.notes.join(" ")).toMatch(/pbzx \(LZMA\)/);
  });

  it("a damaged xar is a validation error", async () => {
    const good = makePkg();
    const bad = Buffer.concat([good.subarray(0, 28), Buffer.alloc(40, 7)]);
    expect((await validationError(write("bad.pkg", bad))).message).toMatch(/bad\.pkg is not a valid \.pkg/);
  });
});
