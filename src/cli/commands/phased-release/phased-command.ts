import type { CommandSpec, OptionSpec } from "../../define-command.js";
import type { CommandContext } from "../../context.js";
import { DRY_RUN, VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";

type Action = "start" | "pause" | "resume" | "complete" | "status";

const SUMMARIES: Record<Action, string> = {
  start: "Release a version over 7 days (releases a PENDING_DEVELOPER_RELEASE version now, asking first; before approval, sets it up)",
  pause: "Pause an active phased release (up to 30 days in total)",
  resume: "Resume a paused phased release",
  complete: "End a phased release: release the version to everyone now (asks first; --yes without a terminal)",
  status: "Show a version's phased release: state, day and rollout share",
};

const BUILD_OPTION: OptionSpec = { flags: "--build <build>", description: "(not supported: phased release is for App Store versions, not TestFlight builds)" };

/** One `asckit phased-release <action>` command; they differ only in the workflow they call. */
export function phasedReleaseCommand(action: Action): CommandSpec {
  return {
    noun: "phased-release",
    verb: action,
    summary: SUMMARIES[action],
    args: ["[version]"],
    options: [...VERSION_OPTIONS, BUILD_OPTION, ...(action === "status" ? [] : [DRY_RUN])],
    examples: [`asckit phased-release ${action} --app com.example.app --version 1.2.0`],
    async run(ctx: CommandContext, [positional], opts) {
      const { phasedReleaseForBuild, phasedReleaseStatus, setPhasedReleaseState, startPhasedRelease } = await import("../../../workflows/release/phased-release.js");
      if (opts.build) phasedReleaseForBuild(String(opts.build));
      const ref = await versionRefFrom(opts, positional || undefined);
      const client = await ctx.client();
      // start (when it releases) and complete are irreversible: the workflow asks after its state checks, before any write.
      const options = { dryRun: Boolean(opts.dryRun), confirm: (question: string) => ctx.confirm(question) };
      const result =
        action === "status"
          ? await phasedReleaseStatus(client, ref)
          : action === "start"
            ? await startPhasedRelease(client, ref, options)
            : await setPhasedReleaseState(client, ref, action === "pause" ? "PAUSED" : action === "resume" ? "ACTIVE" : "COMPLETE", options);
      ctx.info(result.message);
      ctx.printRecord({
        versionString: result.version.versionString,
        appVersionState: result.version.appVersionState,
        ...(result.phasedRelease ?? { phasedReleaseState: null }),
        changed: result.changed,
      });
    },
  };
}
