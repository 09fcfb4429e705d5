import { defineCommand } from "../../define-command.js";
import { BUILD_OPTIONS, buildRefInput } from "./build-options.js";
import { textOrFile } from "./cli-helpers.js";

export default defineCommand({
  noun: "testflight what-to-test",
  verb: "set",
  summary: "Set a build's What to Test for one locale (TEXT, or a file to read it from: @FILE, or a path with a / or ending in .txt/.md)",
  args: ["<text>"],
  options: [
    ...BUILD_OPTIONS,
    { flags: "--locale <locale>", description: "locale (default: the app's primary locale)" },
    { flags: "--dry-run", description: "show what would change; send no writes" },
  ],
  examples: ["asckit testflight what-to-test set --build 0a1b2c3d 'Try the new onboarding.'", "asckit testflight what-to-test set --build 0a1b2c3d @notes/fr.txt --locale fr-FR"],
  async run(ctx, [textArg], opts) {
    const { checkBuildRef, resolveBuild } = await import("../../../workflows/testflight/build-ref.js");
    const { setWhatToTest, validateWhatToTest } = await import("../../../workflows/testflight/what-to-test.js");
    const { relatedOne } = await import("../../../workflows/resource-view.js");
    const ref = checkBuildRef(buildRefInput(opts));
    const text = textOrFile(textArg!, "TEXT", ctx.io.cwd, { bareFiles: true });
    if (typeof opts.locale === "string") validateWhatToTest(text, opts.locale);
    const client = await ctx.client();
    const build = await resolveBuild(client, ref);
    const locale = typeof opts.locale === "string" ? opts.locale : String(relatedOne(build, "app")?.attributes.primaryLocale ?? "en-US");
    const current = build.related.betaBuildLocalizations;
    const change = await setWhatToTest(client, build.id, { locale, text }, { dryRun: Boolean(opts.dryRun), current: Array.isArray(current) ? current : [] });
    ctx.info(change.action === "unchanged" ? `What to Test (${locale}) is already that text` : `${opts.dryRun ? "dry run: would " : ""}${change.action}${opts.dryRun ? "" : "d"} What to Test (${locale}) for build ${build.id}`);
    ctx.printRecord({ build: build.id, locale, action: change.action, dryRun: Boolean(opts.dryRun), whatsNew: text });
  },
});
