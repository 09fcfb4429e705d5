/** What `asckit ipa inspect` reads from a package: the Info.plist facts App Store Connect checks on upload. */
export interface PackageInfo {
  path: string;
  kind: "ipa" | "pkg";
  /** Bytes on disk. */
  fileSize: number;
  /** Where the facts came from inside the package, e.g. `Payload/Demo.app/Info.plist`. */
  source: string;
  /** CFBundleIdentifier. */
  bundleId: string;
  /** CFBundleShortVersionString. */
  marketingVersion: string;
  /** CFBundleVersion. */
  buildNumber: string;
  /** MinimumOSVersion (iOS family) or LSMinimumSystemVersion (macOS). */
  minimumOsVersion: string | undefined;
  platform: Platform;
  /** ITSAppUsesNonExemptEncryption; undefined when the key is absent (App Store Connect then asks). */
  usesNonExemptEncryption: boolean | undefined;
  /** CFBundleDisplayName or CFBundleName. */
  name: string | undefined;
  /** Facts that could not be read (e.g. a .pkg payload compressed in a format asckit does not read). */
  notes: string[];
}

export type Platform = "IOS" | "MAC_OS" | "TV_OS" | "VISION_OS";

/** The App Store Connect platform of an app from its Info.plist's CFBundleSupportedPlatforms. */
export function platformOf(plist: Record<string, unknown>, fallback: Platform): Platform {
  const supported = Array.isArray(plist.CFBundleSupportedPlatforms) ? plist.CFBundleSupportedPlatforms.map(String) : [];
  const named = [...supported, typeof plist.DTPlatformName === "string" ? plist.DTPlatformName : ""].map((s) => s.toLowerCase());
  if (named.some((s) => s.startsWith("appletv"))) return "TV_OS";
  if (named.some((s) => s.startsWith("xr"))) return "VISION_OS";
  if (named.some((s) => s.startsWith("iphone"))) return "IOS";
  if (named.some((s) => s === "macosx")) return "MAC_OS";
  return fallback;
}
