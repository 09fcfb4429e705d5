import { checkAuth } from "../../workflows/auth-status.js";
import { defineTool } from "../tool-definition.js";

export default defineTool({
  name: "auth_status",
  cli: "auth status",
  title: "Check the API key",
  description:
    "Makes one cheap request to prove the server's API key works. Returns the key id, team or individual key, where the key came from, the base URL, the clock skew against Apple's server and the hourly request budget left. Never returns key material.",
  access: "read",
  idempotent: true,
  input: {},
  async run(_args, ctx) {
    const key = ctx.keyInfo ? await ctx.keyInfo() : undefined;
    const status = await checkAuth(await ctx.client(), key ?? { keyId: "", keyType: "team", keySource: "" }, () => ctx.now());
    const skew = status.clockSkewSeconds;
    const skewNote = skew !== undefined && Math.abs(skew) > 30 ? ` Warning: this machine's clock is ${Math.abs(skew)} s ${skew > 0 ? "behind" : "ahead of"} the server; tokens may be rejected until it is synced.` : "";
    const { keyId: _id, keyType: _type, keySource: _source, ...rest } = status;
    return {
      summary: `${key ? `The ${key.keyType} key ${key.keyId}` : "The key"} works against ${status.baseUrl}.${skewNote}`,
      data: key ? { ...status } : rest,
    };
  },
});
