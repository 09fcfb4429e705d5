import { defineCommand } from "../../define-command.js";
import { openProfiles } from "./profiles.js";

export default defineCommand({
  noun: "auth",
  verb: "use",
  summary: "Make a saved profile the default",
  args: ["<name>"],
  async run(ctx, [name]) {
    const { store } = await openProfiles(ctx.io);
    store.use(name!);
    ctx.info(`default profile is now "${name}"`);
  },
});
