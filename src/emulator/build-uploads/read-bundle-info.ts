import { parseBuffer } from "bplist-parser";
import { parse } from "plist";
import yauzl from "yauzl";

/** What App Store Connect's processing takes from an uploaded .ipa's main Info.plist. */
export interface BundleInfo {
  bundleId?: string;
  shortVersion?: string;
  version?: string;
  minimumOsVersion?: string;
  /** ITSAppUsesNonExemptEncryption, when the key is present. */
  usesNonExemptEncryption?: boolean;
}

export type BundleInfoResult = { ok: true; info: BundleInfo } | { ok: false; code: string; description: string };

const INFO_PLIST = /^Payload\/[^/]+\.app\/Info\.plist$/;

/** Reads `Payload/<Name>.app/Info.plist` from uploaded bytes, the way processing would reject a bad binary. */
export async function readBundleInfo(bytes: Buffer): Promise<BundleInfoResult> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true });
  } catch {
    return { ok: false, code: "INVALID_BINARY", description: "The uploaded file is not a valid .ipa (not a zip archive)." };
  }
  try {
    let plistBytes: Buffer | undefined;
    for await (const entry of zip.eachEntry()) {
      if (!INFO_PLIST.test(entry.fileName)) continue;
      const chunks: Buffer[] = [];
      for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
      plistBytes = Buffer.concat(chunks);
      break;
    }
    if (!plistBytes) return { ok: false, code: "MISSING_INFO_PLIST", description: "The bundle has no Payload/<Name>.app/Info.plist." };
    const raw = plistBytes.subarray(0, 6).toString("latin1") === "bplist" ? parseBuffer(plistBytes)[0] : parse(plistBytes.toString("utf8"));
    const plist = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
    const str = (k: string) => (typeof plist[k] === "string" ? (plist[k] as string) : undefined);
    // A hand-edited Info.plist may hold a version as <integer>; it is read as its digits.
    const versionOf = (k: string) => str(k) ?? (typeof plist[k] === "number" && Number.isSafeInteger(plist[k]) ? String(plist[k]) : undefined);
    const encryption = plist.ITSAppUsesNonExemptEncryption;
    return {
      ok: true,
      info: {
        bundleId: str("CFBundleIdentifier"),
        shortVersion: versionOf("CFBundleShortVersionString"),
        version: versionOf("CFBundleVersion"),
        minimumOsVersion: str("MinimumOSVersion") ?? str("LSMinimumSystemVersion"),
        ...(typeof encryption === "boolean" ? { usesNonExemptEncryption: encryption } : {}),
      },
    };
  } catch (error) {
    return { ok: false, code: "INVALID_BINARY", description: `The bundle could not be read: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    zip.close();
  }
}
