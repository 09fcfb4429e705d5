import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { ValidationError } from "../../errors/asckit-error.js";
import { findInCpio } from "./read-cpio.js";
import { openXar, type XarArchive, type XarFile } from "./read-xar.js";
import { findElement, parseXml, type XmlElement } from "./parse-xml.js";

const MAX_METADATA_BYTES = 8 * 1024 * 1024;
const APP_INFO_PLIST = /^(?:\.\/)?(?:Applications\/)?[^/]+\.app\/Contents\/Info\.plist$/;

/** What a macOS installer package says about the app inside it. */
export interface PkgFacts {
  /** The app's Info.plist when the payload could be read (gzip-compressed cpio). */
  infoPlist?: { bytes: Buffer; where: string };
  /** From the component's PackageInfo `<bundle>` element. */
  bundle?: { id?: string; shortVersion?: string; version?: string; where: string };
  /** From Distribution `<allowed-os-versions><os-version min=…>`. */
  minimumOsVersion?: string;
  notes: string[];
}

export async function readPkg(path: string): Promise<PkgFacts> {
  let xar: XarArchive;
  try {
    xar = await openXar(path);
  } catch (error) {
    throw new ValidationError(`${path} is not a valid .pkg: ${error instanceof Error ? error.message : String(error)}.`, {
      field: "FILE",
      hint: "A macOS App Store package is the xar archive `productbuild` writes (Xcode: Distribute App → App Store Connect → Export).",
    });
  }
  try {
    const facts: PkgFacts = { notes: [] };
    const xml = async (file: XarFile) => {
      try {
        return parseXml((await xar.read(file, MAX_METADATA_BYTES)).toString("utf8"));
      } catch (error) {
        throw new ValidationError(`${file.path} in ${path} is unreadable: ${error instanceof Error ? error.message : String(error)}.`, { field: "FILE" });
      }
    };
    const distribution = xar.files.find((f) => f.path === "Distribution");
    if (distribution) facts.minimumOsVersion = findElement(await xml(distribution), "os-version")?.attributes.min;

    const packageInfos = xar.files.filter((f) => /^(?:[^/]+\.pkg\/)?PackageInfo$/.test(f.path));
    for (const file of packageInfos) {
      const bundle = appBundle(await xml(file));
      if (bundle) {
        facts.bundle = { id: bundle.attributes.id, shortVersion: bundle.attributes.CFBundleShortVersionString, version: bundle.attributes.CFBundleVersion, where: file.path };
        const payload = xar.files.find((f) => f.path === file.path.replace(/PackageInfo$/, "Payload"));
        if (payload) await readPayloadPlist(path, xar, payload, facts);
        break;
      }
    }
    if (!facts.bundle && !facts.infoPlist) {
      throw new ValidationError(`${path} is a xar archive without an app: no PackageInfo names a .app bundle.`, {
        field: "FILE",
        hint: "Pass the App Store .pkg that contains the app (built with productbuild), not a flat component or a different installer.",
      });
    }
    return facts;
  } finally {
    await xar.close();
  }
}

/** The top-level `.app` bundle of a PackageInfo's `<bundle-version>`. */
function appBundle(packageInfo: XmlElement): XmlElement | undefined {
  const versions = findElement(packageInfo, "bundle-version");
  return versions?.children.find((c) => c.name === "bundle" && /\.app\/?$/.test(c.attributes.path ?? ""));
}

async function readPayloadPlist(path: string, xar: XarArchive, payload: XarFile, facts: PkgFacts): Promise<void> {
  if (payload.encoding !== "application/octet-stream" || payload.length < 4) {
    facts.notes.push(`${payload.path} is stored with ${payload.encoding}; the app's Info.plist was not read.`);
    return;
  }
  const magic = (await xar.read({ ...payload, length: 4, size: 4 }, 4)).toString("latin1");
  if (magic.startsWith("\x1f\x8b")) {
    const raw = createReadStream(path, { start: payload.offset, end: payload.offset + payload.length - 1 });
    const gunzip = createGunzip();
    raw.on("error", (e) => gunzip.destroy(e));
    try {
      const found = await findInCpio(raw.pipe(gunzip), (name) => APP_INFO_PLIST.test(name), MAX_METADATA_BYTES);
      if (found) facts.infoPlist = { bytes: found.bytes, where: `${payload.path}:${found.name}` };
      else facts.notes.push(`${payload.path} holds no <Name>.app/Contents/Info.plist.`);
    } catch (error) {
      facts.notes.push(`${payload.path} could not be decompressed (${error instanceof Error ? error.message : String(error)}).`);
    } finally {
      raw.destroy();
      gunzip.destroy();
    }
    return;
  }
  const kind = magic === "pbzx" ? "pbzx (LZMA)" : "an unknown format";
  facts.notes.push(`${payload.path} is compressed with ${kind}, which asckit does not read: ITSAppUsesNonExemptEncryption and the minimum OS come from PackageInfo and Distribution only.`);
}
