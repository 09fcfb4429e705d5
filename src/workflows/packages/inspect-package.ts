import { open, stat } from "node:fs/promises";
import path from "node:path";
import { ValidationError } from "../../errors/asckit-error.js";
import { isValidBuildNumber, isValidVersionString } from "../builds/build-number.js";
import { platformOf, type PackageInfo } from "./package-info.js";
import { parsePlist } from "./parse-plist.js";
import { readIpaInfoPlist } from "./read-ipa.js";
import { readPkg } from "./read-pkg.js";

/**
 * Reads bundle id, versions, minimum OS, platform and the export-compliance answer from an .ipa
 * (`Payload/<Name>.app/Info.plist`, XML or binary) or a macOS .pkg (xar), before anything is sent.
 * Every problem is a ValidationError naming the file and what is wrong.
 */
export async function inspectPackage(file: string): Promise<PackageInfo> {
  let size: number;
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new Error("not a regular file");
    size = s.size;
  } catch (error) {
    throw new ValidationError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}.`, { field: "FILE" });
  }
  const magic = await readMagic(file);
  const ext = path.extname(file).toLowerCase();
  if (magic === "xar!") return fromPkg(file, size);
  if (magic.startsWith("PK") || ext === ".ipa") return fromIpa(file, size);
  throw new ValidationError(`${file} is neither an .ipa (zip) nor a .pkg (xar) file.`, { field: "FILE", hint: "Pass the .ipa (iOS, tvOS, visionOS) or .pkg (macOS) that Xcode exported." });
}

async function readMagic(file: string): Promise<string> {
  const handle = await open(file, "r");
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buf, 0, 4, 0);
    return buf.toString("latin1", 0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function fromIpa(file: string, fileSize: number): Promise<PackageInfo> {
  const { entryName, bytes } = await readIpaInfoPlist(file);
  const plist = parsePlist(bytes, `${entryName} in ${file}`);
  return fromPlist(plist, { path: file, kind: "ipa", fileSize, source: entryName, notes: [] }, "IOS");
}

async function fromPkg(file: string, fileSize: number): Promise<PackageInfo> {
  const facts = await readPkg(file);
  const base = { path: file, kind: "pkg" as const, fileSize, notes: facts.notes };
  if (facts.infoPlist) {
    const info = fromPlist(parsePlist(facts.infoPlist.bytes, `${facts.infoPlist.where} in ${file}`), { ...base, source: facts.infoPlist.where }, "MAC_OS");
    return { ...info, platform: "MAC_OS", minimumOsVersion: info.minimumOsVersion ?? facts.minimumOsVersion };
  }
  const b = facts.bundle!;
  return fromPlist(
    { CFBundleIdentifier: b.id, CFBundleShortVersionString: b.shortVersion, CFBundleVersion: b.version, LSMinimumSystemVersion: facts.minimumOsVersion },
    { ...base, source: b.where },
    "MAC_OS",
  );
}

function fromPlist(plist: Record<string, unknown>, base: Pick<PackageInfo, "path" | "kind" | "fileSize" | "source" | "notes">, fallback: PackageInfo["platform"]): PackageInfo {
  const where = `${base.source} in ${base.path}`;
  const text = (key: string) => (typeof plist[key] === "string" && (plist[key] as string).trim() !== "" ? (plist[key] as string).trim() : undefined);
  const required = (key: string, what: string) => {
    const value = text(key);
    if (value === undefined) throw new ValidationError(`${where} has no ${key} (${what}).`, { field: key, hint: `Set ${key} in the target's Info.plist (Xcode: General → Identity) and export again.` });
    return value;
  };
  const notes = [...base.notes];
  /**
   * Xcode writes both version keys as strings, but a hand-edited Info.plist may hold `<integer>42`.
   * An integer converts exactly; a `<real>` does not (1.10 reads back as 1.1), so it is refused
   * naming its type rather than reported as missing.
   */
  const versionString = (key: string, what: string) => {
    const raw = plist[key];
    if (typeof raw === "number" && Number.isSafeInteger(raw) && raw >= 0) {
      notes.push(`${key} is stored as a number (${raw}); read as the string "${raw}".`);
      return String(raw);
    }
    if (typeof raw === "number") {
      throw new ValidationError(`${where} has ${key} stored as a number (${raw}), not a string; a number cannot hold a version such as 1.10 exactly.`, {
        field: key,
        hint: `Make ${key} a string in the target's Info.plist (e.g. <string>${raw}</string>, with the digits you meant) and export again.`,
      });
    }
    return required(key, what);
  };
  const bundleId = required("CFBundleIdentifier", "the bundle id");
  const marketingVersion = versionString("CFBundleShortVersionString", "the version, e.g. 1.2.0");
  const buildNumber = versionString("CFBundleVersion", "the build number");
  if (!isValidVersionString(marketingVersion)) {
    throw new ValidationError(`CFBundleShortVersionString "${marketingVersion}" in ${where} is not one to three period-separated integers.`, { field: "CFBundleShortVersionString", hint: "Use a version like 1.2.0." });
  }
  if (!isValidBuildNumber(buildNumber)) {
    throw new ValidationError(`CFBundleVersion "${buildNumber}" in ${where} is not one to three period-separated integers.`, { field: "CFBundleVersion", hint: "Use a build number like 42 or 1.2.3." });
  }
  return {
    ...base,
    notes,
    bundleId,
    marketingVersion,
    buildNumber,
    minimumOsVersion: text("MinimumOSVersion") ?? text("LSMinimumSystemVersion"),
    platform: platformOf(plist, fallback),
    usesNonExemptEncryption: booleanOf(plist.ITSAppUsesNonExemptEncryption),
    name: text("CFBundleDisplayName") ?? text("CFBundleName"),
  };
}

function booleanOf(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value === "string" && /^(yes|true|1)$/i.test(value)) return true;
  if (typeof value === "string" && /^(no|false|0)$/i.test(value)) return false;
  return undefined;
}
