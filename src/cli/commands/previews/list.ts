import { defineCommand } from "../../define-command.js";
import { runMediaList, targetOptions } from "../screenshots/media-commands.js";

export default defineCommand({
  noun: "previews",
  verb: "list",
  summary: "List a version's app previews per locale and preview type, in order, with their processing state",
  options: [...targetOptions, { flags: "--locale <locale>", description: "only this localization, e.g. en-US" }],
  examples: ["asckit previews list --app com.example.app --version 1.2.0"],
  async run(ctx, _args, opts) {
    await runMediaList(ctx, "previews", opts);
  },
});
