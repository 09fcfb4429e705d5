import { defineCommand } from "../../define-command.js";

export default defineCommand({
  noun: "builds",
  verb: "list",
  summary: "List builds, newest first (exact matching on version and build number)",
  options: [
    { flags: "--app <app>", description: "app id or exact bundle id" },
    { flags: "--version <version>", description: "marketing version (CFBundleShortVersionString), e.g. 1.2.0" },
    { flags: "--build-number <n>", description: "build number (CFBundleVersion); Apple's filter[version]" },
    { flags: "--state <states>", description: "processing states, comma-separated: PROCESSING,FAILED,INVALID,VALID" },
    { flags: "--platform <platform>", description: "IOS, MAC_OS, TV_OS or VISION_OS" },
    { flags: "--max <n>", description: "stop after n builds" },
  ],
  examples: ["asckit builds list --app com.example.app --version 1.2.0", "asckit builds list --build-number 42 --json"],
  async run(ctx, _args, opts) {
    const { listBuilds, buildView } = await import("../../../workflows/builds.js");
    const { findApp } = await import("../../../workflows/apps.js");
    const { validateProcessingStates } = await import("./states.js");
    const client = await ctx.client();
    const states = opts.state ? validateProcessingStates(String(opts.state)) : undefined;
    const appId = opts.app ? (await findApp(client, String(opts.app))).id : undefined;
    const builds = await listBuilds(client, {
      appId,
      marketingVersion: opts.version as string | undefined,
      buildNumber: opts.buildNumber as string | undefined,
      processingState: states,
      platform: opts.platform as string | undefined,
      max: opts.max ? Number(opts.max) : undefined,
    });
    ctx.printRows(builds.map(buildView), [
      { header: "id", value: (b) => b.id },
      { header: "version", value: (b) => b.marketingVersion },
      { header: "build", value: (b) => b.version },
      { header: "state", value: (b) => b.processingState },
      { header: "uploaded", value: (b) => b.uploadedDate },
      { header: "expired", value: (b) => b.expired },
    ]);
  },
});
