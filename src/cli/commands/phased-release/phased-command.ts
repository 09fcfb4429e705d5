import type { CommandSpec, OptionSpec } from "../../define-command.js";
import type { CommandContext } from "../../context.js";
import { DRY_RUN, VERSION_OPTIONS, versionRefFrom } from "../versions/version-options.js";

type Action = "start" | "pause" | "resume" | "complete" | "status";

const SUMMARIES: Record<Action, string> = {
  start: "Release a version over 7 days (releases a PENDING_DEVELOPER_RELEASE version now; before approval, sets it up)",
  pause: "Pause an active phased release (up to 30 days in total)",
  resume: "Resume a paused phased release",
  complete: "End a phased release: release the version to everyone now",
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
      const dryRun = Boolean(opts.dryRun);
      let result;
      try {
        result =
          action === "status"
            ? await phasedReleaseStatus(client, ref)
            : action === "start"
              ? await startPhasedRelease(client, ref, { dryRun })
              : await setPhasedReleaseState(client, ref, action === "pause" ? "PAUSED" : action === "resume" ? "ACTIVE" : "COMPLETE", { dryRun });
      } catch (error) {
        // A TestFlight build's id where a version id was expected: say what phased release is for.
        if (/^[0-9a-f]{8}-/i.test(ref.version) && (error as { category?: string }).category === "not_found") {
          const isBuild = await client.request(`GET /v1/builds/${encodeURIComponent(ref.version)}`).then(() => true, () => false);
          if (isBuild) phasedReleaseForBuild(ref.version);
        }
        throw error;
      }
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
