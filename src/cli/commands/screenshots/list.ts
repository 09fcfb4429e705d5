import { defineCommand } from "../../define-command.js";
import { runMediaList, targetOptions } from "./media-commands.js";

export default defineCommand({
  noun: "screenshots",
  verb: "list",
  summary: "List a version's screenshots per locale and display type, in order, with their processing state",
  options: [...targetOptions, { flags: "--locale <locale>", description: "only this localization, e.g. en-US" }],
  examples: ["asckit screenshots list --app com.example.app --version 1.2.0", "asckit screenshots list --version-id 1234567890 --locale en-US --json"],
  async run(ctx, _args, opts) {
    await runMediaList(ctx, "screenshots", opts);
  },
});
