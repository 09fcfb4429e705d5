import { randomBytes } from "node:crypto";
import { build } from "plist";
import yazl from "yazl";

/**
 * A small but valid .ipa made at run time: Payload/Demo.app with an Info.plist and an incompressible
 * "executable", big enough to travel in several upload parts.
 */
export function makeDemoIpa(options: { bundleId: string; version: string; buildNumber: string; fillerBytes: number }): Promise<Buffer> {
  const infoPlist = build({
    CFBundleIdentifier: options.bundleId,
    CFBundleName: "Demo",
    CFBundleDisplayName: "Demo App",
    CFBundleExecutable: "Demo",
    CFBundlePackageType: "APPL",
    CFBundleShortVersionString: options.version,
    CFBundleVersion: options.buildNumber,
    CFBundleSupportedPlatforms: ["iPhoneOS"],
    MinimumOSVersion: "16.0",
    UIDeviceFamily: [1, 2],
    // Answers export compliance on upload: the demo app uses no non-exempt encryption.
    ITSAppUsesNonExemptEncryption: false,
  });
  const zip = new yazl.ZipFile();
  zip.addBuffer(Buffer.from(infoPlist), "Payload/Demo.app/Info.plist");
  zip.addBuffer(Buffer.from("APPL????"), "Payload/Demo.app/PkgInfo");
  zip.addBuffer(randomBytes(options.fillerBytes), "Payload/Demo.app/Demo", { compress: false });
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (c: Buffer) => chunks.push(c));
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on("error", reject);
  });
}
