import { defineCommand } from "../../define-command.js";
import { EXIT } from "../../exit-codes.js";
import { parseDuration } from "../../parse-duration.js";
import { VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";
import { printChecklist, summary } from "./print-checklist.js";

export default defineCommand({
  noun: "review",
  verb: "check",
  summary: "Preflight a version for App Review: a pass/warn/fail checklist with fixes (exit 8 on any failure)",
  options: [
    ...VERSION_OPTIONS,
    { flags: "--offline", description: "do not open the privacy policy, support and marketing URLs (still checks they are well-formed)" },
    { flags: "--url-timeout <duration>", description: "time allowed per URL", default: "10s" },
    { flags: "--no-media", description: "skip the screenshot and preview checks" },
    { flags: "--media <dir>", description: "also check local screenshot and preview files (folder or manifest, as for `screenshots upload`): sizes, and preview durations the API does not report" },
  ],
  examples: ["asckit review check --app com.example.app --version 1.2.0", "asckit review check --version 1.2.0 --offline --json", "asckit review check --version 1.2.0 --media ./media"],
  async run(ctx, _args, opts) {
    const ref = await versionRefFrom(opts);
    const urlTimeoutMs = parseDuration(String(opts.urlTimeout), "--url-timeout");
    // --media DIR and --no-media share one key: a string is the folder, false skips media, true (the default) checks App Store Connect only.
    let mediaDir: string | undefined;
    if (typeof opts.media === "string") {
      const path = await import("node:path");
      const { assertMediaInput } = await import("../../check-paths.js");
      mediaDir = path.resolve(ctx.io.cwd, opts.media);
      assertMediaInput(mediaDir, "--media"); // as `screenshots upload` checks it, before any request
    }
    const { runPreflight } = await import("../../../workflows/release/preflight.js");
    const report = await runPreflight(await ctx.client(), ref, { offline: Boolean(opts.offline), fetch: globalThis.fetch, urlTimeoutMs, media: opts.media !== false, mediaDir });
    if (ctx.format === "json") ctx.io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else printChecklist(ctx, report.items);
    ctx.info(`version ${String(report.version.versionString)} (${report.platform}): ${summary(report.items)}${report.ok ? " — ready to submit" : ""}`);
    return report.ok ? EXIT.ok : EXIT.validation;
  },
});
