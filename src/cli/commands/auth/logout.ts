import { defineCommand } from "../../define-command.js";
import { AsckitError } from "../../../errors/asckit-error.js";
import { openProfiles } from "./profiles.js";

export default defineCommand({
  noun: "auth",
  verb: "logout",
  summary: "Forget a saved profile (the .p8 file is not touched)",
  args: ["[name]"],
  async run(ctx, [name]) {
    const { store } = await openProfiles(ctx.io);
    const target = name || store.defaultName();
    if (!target || !store.remove(target)) {
      throw new AsckitError(`No saved profile "${target ?? ""}".`, { category: "not_found", hint: "See `asckit auth list`." });
    }
    ctx.info(`removed profile "${target}"`);
  },
});
