import { defineCommand } from "../../define-command.js";
import { VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";

export default defineCommand({
  noun: "metadata",
  verb: "pull",
  summary: "Write a version's listing to DIR: <locale>.json per locale, review.json (no password), version.json",
  args: ["<dir>"],
  options: VERSION_OPTIONS,
  examples: ["asckit metadata pull ./metadata --app com.example.app --version 1.2.0"],
  async run(ctx, [dir], opts) {
    const ref = await versionRefFrom(opts);
    const path = await import("node:path");
    const { assertWritableTarget } = await import("../../check-paths.js");
    const target = path.resolve(ctx.io.cwd, dir!);
    // Before any request: a file in the way or an unwritable parent fails now, not after the reads.
    assertWritableTarget(target, "DIR", { kind: "directory" });
    const { pullMetadata } = await import("../../../workflows/release/metadata.js");
    const { PASSWORD_ENV } = await import("../../../workflows/release/metadata-secrets.js");
    const result = await pullMetadata(await ctx.client(), ref, target);
    ctx.info(`wrote ${result.files.length} files for version ${String(result.listing.version.attributes.versionString)} (${Object.keys(result.metadata.locales).length} locales) to ${dir}`);
    if (result.secretsLeftOut.length)
      ctx.info(`review.json holds "env:${PASSWORD_ENV}" instead of the demo account password: \`metadata apply\` keeps the current password, or sends $${PASSWORD_ENV} when it is set`);
    ctx.printRows(
      result.files.map((f) => ({ file: path.relative(ctx.io.cwd, f) || f })),
      [{ header: "file", value: (r) => r.file }],
    );
  },
});
