import { planFor, planMetadataDir } from "../../workflows/release/metadata.js";
import { changeLabel } from "../../workflows/release/metadata-plan.js";
import { operationLabel } from "../../workflows/release/metadata-apply.js";
import { versionView } from "../../workflows/release/versions.js";
import { defineTool } from "../tool-definition.js";
import { metadataInput, metadataSource, short } from "./metadata-input.js";
import { versionInput, versionRef } from "./version-input.js";

/** Field changes listed one by one up to this many. */
const LISTED = 100;

export default defineTool({
  name: "metadata_plan",
  cli: "metadata plan",
  title: "Plan App Store metadata changes",
  description:
    "Compares a desired App Store listing (name, subtitle, description, keywords, What's New, URLs per locale; App Review contact; version fields) with App Store Connect and returns the field-level differences and the requests metadata_apply would send. Limits are checked locally. Sends no write.",
  access: "read",
  idempotent: true,
  input: { ...versionInput, ...metadataInput },
  async run(args, ctx) {
    const client = await ctx.client();
    const source = metadataSource(args);
    const { listing, plan } = "dir" in source ? await planMetadataDir(client, versionRef(args), source.dir) : await planFor(client, versionRef(args), source.metadata);
    const changes = plan.changes.map((c) => ({ change: changeLabel(c), from: short(c.from), to: short(c.to) }));
    return {
      summary: plan.changes.length
        ? `${plan.changes.length} field(s) differ; metadata_apply would send ${plan.operations.length} request(s).`
        : "App Store Connect already matches: nothing to apply.",
      data: {
        version: versionView(listing.version),
        changes: changes.slice(0, LISTED),
        ...(changes.length > LISTED ? { notListed: changes.length - LISTED } : {}),
        operations: plan.operations.map(operationLabel),
      },
    };
  },
});
