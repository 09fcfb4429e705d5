import { defineCommand } from "../../define-command.js";
import { openProfiles } from "./profiles.js";

export default defineCommand({
  noun: "auth",
  verb: "list",
  summary: "List saved profiles",
  async run(ctx) {
    const { store } = await openProfiles(ctx.io);
    const current = store.defaultName();
    ctx.printRows(
      store.list().map((p) => ({ ...p, default: p.name === current })),
      [
        { header: "name", value: (p) => (p.default ? `${p.name} *` : p.name) },
        { header: "keyId", value: (p) => p.keyId },
        { header: "type", value: (p) => (p.issuerId ? "team" : "individual") },
        { header: "baseUrl", value: (p) => p.baseUrl ?? "" },
        { header: "privateKeyPath", value: (p) => p.privateKeyPath },
      ],
    );
  },
});
