import { z } from "zod";
import { setExportCompliance } from "../../workflows/builds/export-compliance.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "set_export_compliance",
  cli: "builds compliance",
  cliParams: { args: ["id"] },
  title: "Answer export compliance",
  description:
    "Answers a VALID build's export compliance question (usesNonExemptEncryption). Until it is answered the build shows MISSING_EXPORT_COMPLIANCE and nobody can test it. Nothing is sent when the build already has this answer. For later builds, ITSAppUsesNonExemptEncryption in Info.plist answers it on upload.",
  access: "write",
  idempotent: true,
  input: {
    id: z.string().min(1).describe("The build's App Store Connect id."),
    usesNonExemptEncryption: z.boolean().describe("false when the app uses no encryption or only exempt encryption (such as HTTPS through the OS); true when it uses non-exempt encryption."),
  },
  async run(args, ctx) {
    const result = await setExportCompliance(await ctx.client(), args.id, args.usesNonExemptEncryption);
    // Only id and attributes: the workflow's copy of the build does not keep its included relations.
    const b = { id: result.build.id, version: result.build.attributes.version };
    return {
      summary: `${result.changed ? "Answered" : "Already answered"}: build ${String(b.version)} usesNonExemptEncryption=${String(result.usesNonExemptEncryption)}; internal ${String(result.internalBuildState)}, external ${String(result.externalBuildState)}.`,
      data: { id: b.id, buildNumber: b.version, usesNonExemptEncryption: result.usesNonExemptEncryption, changed: result.changed, internalBuildState: result.internalBuildState, externalBuildState: result.externalBuildState },
    };
  },
});
