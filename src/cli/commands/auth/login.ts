import path from "node:path";
import { readFileSync } from "node:fs";
import { defineCommand } from "../../define-command.js";
import { ValidationError } from "../../../errors/asckit-error.js";
import { openProfiles } from "./profiles.js";

export default defineCommand({
  noun: "auth",
  verb: "login",
  summary: "Save a profile (key id, issuer id, path to the .p8, base URL); the key stays where it is",
  options: [
    { flags: "--name <name>", description: "profile name", default: "default" },
    { flags: "--no-default", description: "do not make this the default profile" },
  ],
  examples: ["asckit auth login --name work --key-id 2X9R4HXF34 --issuer-id 57246542-96fe-1a63-e053-0824d011072a --private-key-path ~/keys/AuthKey_2X9R4HXF34.p8"],
  async run(ctx, _args, opts) {
    const g = ctx.global;
    const keyPath = g.privateKeyPath ?? ctx.io.env.ASC_PRIVATE_KEY_PATH;
    const keyId = g.keyId ?? ctx.io.env.ASC_KEY_ID;
    const issuerId = g.issuerId ?? ctx.io.env.ASC_ISSUER_ID;
    if (!keyId) throw new ValidationError("auth login needs --key-id.", { category: "usage", field: "--key-id" });
    if (!keyPath) throw new ValidationError("auth login needs --private-key-path (the .p8 file stays where it is; only its path is saved).", { category: "usage", field: "--private-key-path" });
    const { loadPrivateKey, createTokenProvider, baseUrlProblem, CredentialsError } = await import("../../../auth/index.js");
    const baseUrl = g.baseUrl ?? ctx.io.env.ASC_BASE_URL;
    const urlProblem = baseUrl ? baseUrlProblem(baseUrl) : undefined;
    // Saved, a bad base URL would only fail later, on every command that uses the profile.
    if (urlProblem) throw new CredentialsError(`The base URL ${urlProblem.problem}`, { field: "baseUrl", hint: urlProblem.hint });
    const absolute = path.resolve(ctx.io.cwd, keyPath.replace(/^~(?=$|\/)/, (await import("node:os")).homedir()));
    let text: string;
    try {
      text = readFileSync(absolute, "utf8");
    } catch {
      throw new ValidationError(`Cannot read the private key file ${absolute}.`, { category: "usage", field: "--private-key-path" });
    }
    loadPrivateKey(text); // refuse a bad key now rather than at first use
    createTokenProvider({ keyId, issuerId, privateKey: text }); // validates key id and issuer id formats
    const { store, dir } = await openProfiles(ctx.io);
    const name = String(opts.name);
    store.save(
      { name, keyId, issuerId: issuerId || undefined, privateKeyPath: absolute, baseUrl },
      { makeDefault: opts.default !== false },
    );
    ctx.info(`saved profile "${name}" in ${dir}${opts.default !== false ? " (default)" : ""}`);
    ctx.printRecord({ name, keyId, issuerId: issuerId || undefined, keyType: issuerId ? "team" : "individual", privateKeyPath: absolute, baseUrl });
  },
});
