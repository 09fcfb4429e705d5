import { z } from "zod";
import { applyMetadata, applyMetadataDir } from "../../workflows/release/metadata.js";
import { changeLabel } from "../../workflows/release/metadata-plan.js";
import { operationLabel } from "../../workflows/release/metadata-apply.js";
import { defineTool } from "../tool-definition.js";
import { metadataInput, metadataSource } from "./metadata-input.js";
import { versionInput, versionRef } from "./version-input.js";

export default defineTool({
  name: "metadata_apply",
  cli: "metadata apply",
  title: "Apply App Store metadata",
  description:
    "Makes an App Store version's listing match the given metadata, sending only the fields that differ (one request per localization or detail that changes). Idempotent and resumable: it plans from the live state each time, so repeating it after success sends nothing and after an interruption sends only what is missing. dryRun returns the plan.",
  access: "write",
  idempotent: true,
  input: { ...versionInput, ...metadataInput, dryRun: z.boolean().optional().describe("Only return the plan; send no write.") },
  async run(args, ctx) {
    const client = await ctx.client();
    const source = metadataSource(args);
    const options = { dryRun: args.dryRun, onProgress: (done: number, total: number, label: string) => void ctx.progress(label, done, total) };
    const out = "dir" in source ? await applyMetadataDir(client, versionRef(args), source.dir, options) : await applyMetadata(client, versionRef(args), source.metadata, options);
    const applied = out.result?.applied.map(operationLabel) ?? [];
    const summary = args.dryRun
      ? `Dry run: ${out.plan.operations.length} request(s) would be sent for ${out.plan.changes.length} field(s).`
      : out.plan.operations.length
        ? `Applied ${applied.length} request(s) for ${out.plan.changes.length} field(s)${out.result?.recovered ? ` (${out.result.recovered} found already applied on re-reading)` : ""}.`
        : "Nothing to apply: App Store Connect already matches.";
    return {
      summary,
      data: {
        dryRun: Boolean(args.dryRun),
        changedFields: out.plan.changes.map(changeLabel),
        ...(args.dryRun ? { operations: out.plan.operations.map(operationLabel) } : { applied, recovered: out.result?.recovered ?? 0 }),
      },
    };
  },
});
