import path from "node:path";
import { assertReadableFile } from "../../check-paths.js";
import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "ipa",
  verb: "inspect",
  summary: "Read bundle id, version, build number, minimum OS, platform and export compliance from an .ipa or .pkg",
  args: ["<file>"],
  options: [
    { flags: "--check", description: "also ask App Store Connect whether this version still takes builds and this build number is free (exit 5 if not)" },
    { flags: "--app <app>", description: "with --check: app id or bundle id (default: the package's bundle id)" },
  ],
  examples: ["asckit ipa inspect build/Demo.ipa", "asckit ipa inspect Demo.ipa --check --json"],
  async run(ctx, [file], opts) {
    const { inspectPackage } = await import("../../../workflows/packages/index.js");
    const full = path.resolve(ctx.io.cwd, file!);
    assertReadableFile(full, "FILE"); // a mistyped path is a usage error (2), not a bad package (8)
    const info = await inspectPackage(full);
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
    const { buildSlotError, checkBuildSlot } = await import("../../../workflows/builds/check-build-slot.js");
    const { VersionTrainClosedError } = await import("../../../workflows/builds/version-train.js");
    const client = await ctx.client();
    const app = await findApp(client, String(opts.app ?? info.bundleId));
    const slot = await checkBuildSlot(client, { appId: app.id, marketingVersion: info.marketingVersion, buildNumber: info.buildNumber, platform: info.platform });
    const describe = (u: NonNullable<typeof slot.takenBy>) => `${u.source} ${u.id} (${u.state})`;
    const takenBy = slot.takenBy && describe(slot.takenBy);
    const higher = slot.higherInUse && `${slot.higherInUse.number} by ${describe(slot.higherInUse)}`;
    const { train } = slot;
    const approved = train.approved && `${train.approved.versionString} (${train.approved.state})`;
    ctx.printRecord({
      ...record,
      appId: app.id,
      versionOpen: train.open,
      ...(!train.open ? { approvedVersion: approved, suggestedVersion: train.suggestedVersion } : {}),
      buildNumberAvailable: slot.available,
      ...(takenBy ? { takenBy } : {}),
      ...(higher ? { higherInUse: higher } : {}),
      nextBuildNumber: slot.nextBuildNumber,
    });
    // A closed train comes first: a higher marketing version is the fix for a taken number too.
    if (!train.open) throw new VersionTrainClosedError(train, { bundleId: info.bundleId, marketingVersion: info.marketingVersion });
    // The same error (and exit 5) `builds upload` would stop with.
    const refused = buildSlotError(slot, info);
    if (refused) throw refused;
  },
});
