import { defineCommand } from "../../define-command.js";
import { AsckitError, ValidationError } from "../../../errors/asckit-error.js";
import { openProfiles } from "./profiles.js";

export default defineCommand({
  noun: "auth",
  verb: "logout",
  summary: "Forget a saved profile (default: the default profile; the .p8 file is not touched)",
  args: ["[name]"],
  examples: ["asckit auth logout work", "asckit auth logout"],
  async run(ctx, [name]) {
    const g = ctx.global;
    // `--profile NAME` names a profile everywhere else (as in `auth login --profile work`): logging out
    // the default instead of the profile named would remove the wrong one.
    if (name && g.profile !== undefined && name !== g.profile) {
      throw new ValidationError(`${name} and --profile ${g.profile} name different profiles.`, { category: "usage", field: "NAME", hint: "Give one of them." });
    }
    const { store } = await openProfiles(ctx.io);
    const chosen = name || g.profile;
    const defaultBefore = store.defaultName();
    const target = chosen ?? defaultBefore;
    if (target === undefined) {
      const saved = store.list().map((p) => p.name);
      throw new ValidationError(
        saved.length ? `No default profile to log out; name one of: ${saved.join(", ")}.` : "No saved profiles to log out.",
        { category: "usage", field: "NAME", hint: saved.length ? `Run \`asckit auth logout NAME\`, e.g. \`asckit auth logout ${saved[0]}\`.` : "`asckit auth login` saves one." },
      );
    }
    const removed = store.remove(target);
    if (!removed) {
      const saved = store.list().map((p) => p.name);
      throw new AsckitError(`No saved profile "${target}"${saved.length ? `; saved: ${saved.join(", ")}` : ""}.`, { category: "not_found", hint: "See `asckit auth list`." });
    }
    ctx.info(`removed profile "${target}"${chosen === undefined ? " (the default)" : ""}`);
    if (removed.default !== undefined && removed.default !== defaultBefore) {
      ctx.info(`"${removed.default}" is now the default profile`);
    } else if (removed.wasDefault && removed.remaining.length > 0) {
      ctx.info(`no profile is the default now; pick one with \`asckit auth use NAME\` (saved: ${removed.remaining.join(", ")})`);
    }
  },
});
