import { defineCommand } from "../../define-command.js";
import { VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";

export default defineCommand({
  noun: "metadata",
  verb: "pull",
  summary: "Write a version's listing to DIR: <locale>.json per locale, review.json, version.json",
  args: ["<dir>"],
  options: VERSION_OPTIONS,
  examples: ["asckit metadata pull ./metadata --app com.example.app --version 1.2.0"],
  async run(ctx, [dir], opts) {
    const ref = await versionRefFrom(opts);
    const path = await import("node:path");
    const { pullMetadata } = await import("../../../workflows/release/metadata.js");
    const result = await pullMetadata(await ctx.client(), ref, path.resolve(ctx.io.cwd, dir!));
    ctx.info(`wrote ${result.files.length} files for version ${String(result.listing.version.attributes.versionString)} (${Object.keys(result.metadata.locales).length} locales) to ${dir}`);
    ctx.printRows(
      result.files.map((f) => ({ file: path.relative(ctx.io.cwd, f) || f })),
      [{ header: "file", value: (r) => r.file }],
    );
  },
});
