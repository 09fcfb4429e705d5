import { defineCommand } from "../../define-command.js";
import { resolveCliCredentials } from "../../make-client.js";

export default defineCommand({
  noun: "auth",
  verb: "status",
  summary: "Check the credentials against the API; show key type, base URL and clock skew",
  async run(ctx) {
    const credentials = await resolveCliCredentials(ctx.io, ctx.global);
    const { checkAuth } = await import("../../../workflows/auth-status.js");
    const status = await checkAuth(await ctx.client(), credentials, ctx.io.now);
    if (status.clockSkewSeconds !== undefined && Math.abs(status.clockSkewSeconds) > 30) {
      ctx.info(`warning: this machine's clock is ${Math.abs(status.clockSkewSeconds)} s ${status.clockSkewSeconds > 0 ? "behind" : "ahead of"} the server; tokens may be rejected. Sync the clock (NTP).`);
    }
    ctx.printRecord({ ...status, rateLimit: status.rateLimit ? `${status.rateLimit.hourRemaining}/${status.rateLimit.hourLimit} per hour` : undefined });
  },
});
