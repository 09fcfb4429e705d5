import { readFileSync } from "node:fs";
import nodePath from "node:path";
import { assertReadableFile } from "../../check-paths.js";
import { defineCommand } from "../../define-command.js";
import { ValidationError } from "../../../errors/asckit-error.js";

export default defineCommand({
  noun: "api",
  summary: "Call any API operation (checked against Apple's spec before sending)",
  args: ["<method>", "<path>"],
  options: [
    { flags: "-q, --query <key=value>", description: "query parameter; repeat for more (lists are comma-separated)", repeatable: true },
    { flags: "--body <json>", description: "JSON body, or @file.json" },
    { flags: "--paginate", description: "follow links.next and print every item" },
    { flags: "--dry-run", description: "print the method, URL and body that would be sent; send nothing" },
    { flags: "--show-secrets", description: "print secret-like fields (demoAccountPassword, *password*, *secret*) as Apple returns them instead of ********" },
  ],
  examples: [
    "asckit api GET /v1/apps --query fields[apps]=name,bundleId",
    "asckit api GET /v1/builds --query filter[app]=6450000001 --paginate",
    `asckit api PATCH /v1/builds/ID --body '{"data":{"type":"builds","id":"ID","attributes":{"usesNonExemptEncryption":false}}}' --dry-run`,
    "asckit api DELETE /v1/betaTesters/ID --yes",
  ],
  async run(ctx, [method, path], opts) {
    const query: Record<string, string> = {};
    const pairs = ([] as string[]).concat((opts.query as string[] | string | undefined) ?? []);
    for (const pair of pairs) {
      const eq = pair.indexOf("=");
      if (eq <= 0) throw new ValidationError(`--query expects key=value, got "${pair}".`, { category: "usage", field: "--query" });
      query[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    let body: unknown;
    if (opts.body !== undefined) {
      const file = String(opts.body).startsWith("@") ? nodePath.resolve(ctx.io.cwd, String(opts.body).slice(1)) : undefined;
      if (file) assertReadableFile(file, "--body");
      const text = file ? readFileSync(file, "utf8") : String(opts.body);
      try {
        body = JSON.parse(text);
      } catch (error) {
        throw new ValidationError(`--body is not valid JSON: ${(error as Error).message}`, { category: "usage", field: "--body", hint: "Quote the JSON for the shell (single quotes around it), or put it in a file and pass --body @FILE.json." });
      }
    }
    const { callApi, planApiCall, validateApiCall } = await import("../../../workflows/raw-api.js");
    const { maskSecretFields } = await import("../../../errors/mask-secrets.js");
    // The raw escape hatch shows what Apple returns, except the demo account password and its kind:
    // `review details` and MCP mask them the same way, so `api` must not be the way around that.
    const print = (value: unknown) => {
      const shown = opts.showSecrets ? value : maskSecretFields(value);
      const text = JSON.stringify(shown, null, 2);
      if (!opts.showSecrets && text !== JSON.stringify(value, null, 2)) ctx.info("note: secret-like fields (passwords) are shown as ********; --show-secrets prints them");
      ctx.io.stdout.write(text + "\n");
    };
    const call = { method: method!.toUpperCase(), path: path!, query, body };
    validateApiCall(call); // before credentials or network
    if (opts.dryRun) {
      const plan = planApiCall(await ctx.client(), call);
      ctx.info(`dry run: would send ${plan.method} ${plan.url}; nothing was sent`);
      print({ dryRun: true, ...plan });
      return;
    }
    // A raw write bypasses every workflow's safety net (state checks, questions, --dry-run plans), and
    // not only a DELETE is for good: a POST can release a version or submit for review, a PATCH can
    // expire a build. So every method but GET asks (--yes off a terminal); --dry-run above never does.
    if (call.method !== "GET") {
      const { confirmOrStop } = await import("../../../workflows/confirm.js");
      const warning = call.method === "DELETE" ? "This cannot be undone." : "It changes App Store Connect, and Apple may not let it be undone.";
      await confirmOrStop({ confirm: (question) => ctx.confirm(question) }, `Send ${call.method} ${call.path}? ${warning}`, `${call.method} ${call.path} was not sent`);
    }
    const result = await callApi(await ctx.client(), call, { paginate: Boolean(opts.paginate) });
    const out = result.items ? result.items.map((r) => ({ type: r.type, id: r.id, attributes: r.attributes })) : (result.document ?? { status: result.status });
    print(out);
  },
});
