import path from "node:path";
import { defineCommand } from "../../define-command.js";
import { EXIT } from "../../exit-codes.js";

export default defineCommand({
  noun: "ipa",
  verb: "inspect",
  summary: "Read bundle id, version, build number, minimum OS, platform and export compliance from an .ipa or .pkg",
  args: ["<file>"],
  options: [
    { flags: "--check", description: "also ask App Store Connect whether this version + build number is still free (exit 5 if not)" },
    { flags: "--app <app>", description: "with --check: app id or bundle id (default: the package's bundle id)" },
  ],
  examples: ["asckit ipa inspect build/Demo.ipa", "asckit ipa inspect Demo.ipa --check --json"],
  async run(ctx, [file], opts) {
    const { inspectPackage } = await import("../../../workflows/packages/index.js");
    const info = await inspectPackage(path.resolve(ctx.io.cwd, file!));
    const record: Record<string, unknown> = {
      file: info.path,
      type: info.kind,
      CFBundleIdentifier: info.bundleId,
      CFBundleShortVersionString: info.marketingVersion,
      CFBundleVersion: info.buildNumber,
      MinimumOSVersion: info.minimumOsVersion ?? null,
      platform: info.platform,
      // null: the key is absent, so App Store Connect will ask the export compliance question.
      ITSAppUsesNonExemptEncryption: info.usesNonExemptEncryption ?? null,
      name: info.name ?? null,
      fileSize: info.fileSize,
      source: info.source,
      ...(info.notes.length ? { notes: info.notes } : {}),
    };
    if (!opts.check && opts.app === undefined) return ctx.printRecord(record);

    const { findApp } = await import("../../../workflows/apps.js");
    const { checkBuildSlot } = await import("../../../workflows/builds/check-build-slot.js");
    const client = await ctx.client();
    const app = await findApp(client, String(opts.app ?? info.bundleId));
    const slot = await checkBuildSlot(client, { appId: app.id, marketingVersion: info.marketingVersion, buildNumber: info.buildNumber, platform: info.platform });
    const takenBy = slot.takenBy && `${slot.takenBy.source} ${slot.takenBy.id} (${slot.takenBy.state})`;
    ctx.printRecord({ ...record, appId: app.id, buildNumberAvailable: slot.available, ...(takenBy ? { takenBy } : {}), nextBuildNumber: slot.nextBuildNumber });
    if (!slot.available) {
      ctx.info(`error: version ${info.marketingVersion} build ${info.buildNumber} is already taken by ${takenBy}; the next free build number is ${slot.nextBuildNumber}.`);
      return EXIT.conflict;
    }
  },
});
