import path from "node:path";
import { defineCommand } from "../../define-command.js";
import { ValidationError } from "../../../errors/asckit-error.js";
import { readFastlaneKeyFile } from "./fastlane-key-file.js";
import { openProfiles } from "./profiles.js";

export default defineCommand({
  noun: "auth",
  verb: "login",
  summary: "Save a profile (key id, issuer id, path to the .p8, base URL); the key stays where it is",
  options: [
    { flags: "--name <name>", description: 'profile name (default: the global --profile, else "default")' },
    { flags: "--no-default", description: "do not make this the default profile" },
  ],
  // Commander lists only a command's own options; the key itself comes in through the global ones.
  helpText: [
    "The key comes from the global options (they may follow `login`) or their environment variables:",
    "  --key-id <id>               API key id (env ASC_KEY_ID)",
    "  --issuer-id <uuid>          issuer id of a team key; omit for an individual key (env ASC_ISSUER_ID)",
    "  --private-key-path <file>   the .p8 file; only its absolute path is saved (env ASC_PRIVATE_KEY_PATH)",
    "  --api-key-file <file>       instead: fastlane's API key JSON with key_id, issuer_id and key_filepath",
    "  --base-url <url>            saved with the profile, e.g. an emulator's URL (env ASC_BASE_URL)",
    "  --profile <name>            the name to save it under (same as --name)",
  ].join("\n"),
  examples: [
    "asckit auth login --name work --key-id 2X9R4HXF34 --issuer-id 57246542-96fe-1a63-e053-0824d011072a --private-key-path ~/keys/AuthKey_2X9R4HXF34.p8",
    "asckit auth login --profile emu --api-key-file ./emu.keys/AuthKey_2X9R4HXF34.json --base-url http://127.0.0.1:4010 --no-default",
  ],
  async run(ctx, _args, opts) {
    const g = ctx.global;
    // `--profile NAME` names the profile everywhere else, so `auth login --profile work` saves "work";
    // two different names are a mistake to point out, not to settle silently.
    if (opts.name !== undefined && g.profile !== undefined && opts.name !== g.profile) {
      throw new ValidationError(`--name ${String(opts.name)} and --profile ${g.profile} name different profiles.`, { category: "usage", field: "--name", hint: "Give one of them: the profile is saved under that name." });
    }
    const name = String(opts.name ?? g.profile ?? "default");
    const home = (await import("node:os")).homedir();
    const expand = (p: string) => path.resolve(ctx.io.cwd, p.replace(/^~(?=$|\/)/, home));
    // The same precedence as every other command: flags, then the flags' --api-key-file, then env.
    const file = g.apiKeyFile ? readFastlaneKeyFile(expand(g.apiKeyFile), { cwd: ctx.io.cwd, home }) : undefined;
    const keyPath = g.privateKeyPath ?? file?.keyPath ?? (file?.inlineKey ? undefined : ctx.io.env.ASC_PRIVATE_KEY_PATH);
    const keyId = g.keyId ?? file?.keyId ?? ctx.io.env.ASC_KEY_ID;
    // A fastlane file without issuer_id describes an individual key; the environment must not add one.
    const issuerId = g.issuerId ?? (file ? file.issuerId : ctx.io.env.ASC_ISSUER_ID);
    if (!keyId) throw new ValidationError("auth login needs --key-id.", { category: "usage", field: "--key-id" });
    if (!keyPath && file?.inlineKey) {
      throw new ValidationError(`${g.apiKeyFile} holds the key itself; a profile saves only the path of a .p8 file.`, {
        category: "usage",
        field: "--api-key-file",
        hint: "Save the key as AuthKey_<KEY_ID>.p8 (chmod 600) and pass --private-key-path, or keep passing --api-key-file to each command instead of saving a profile.",
      });
    }
    if (!keyPath) throw new ValidationError("auth login needs --private-key-path (the .p8 file stays where it is; only its path is saved).", { category: "usage", field: "--private-key-path" });
    const { loadPrivateKey, createTokenProvider, baseUrlProblem, CredentialsError } = await import("../../../auth/index.js");
    const baseUrl = g.baseUrl ?? ctx.io.env.ASC_BASE_URL;
    const urlProblem = baseUrl ? baseUrlProblem(baseUrl) : undefined;
    // Saved, a bad base URL would only fail later, on every command that uses the profile.
    if (urlProblem) throw new CredentialsError(`The base URL ${urlProblem.problem}`, { field: "baseUrl", hint: urlProblem.hint });
    const absolute = expand(keyPath);
    // The reader every other command uses, so a bad path reads the same (and exits 3) whichever source named it.
    const { readCredentialFile } = await import("../../../auth/read-credential-file.js");
    const via = g.privateKeyPath ? "--private-key-path" : file?.keyPath ? `key_filepath in fastlane API key file ${expand(g.apiKeyFile!)}` : "ASC_PRIVATE_KEY_PATH";
    const text = readCredentialFile(absolute, { description: `the private key file ${absolute} (from ${via})`, field: "privateKeyPath" });
    loadPrivateKey(text); // refuse a bad key now rather than at first use
    createTokenProvider({ keyId, issuerId, privateKey: text }); // validates key id and issuer id formats
    const { store, dir } = await openProfiles(ctx.io);
    store.save(
      { name, keyId, issuerId: issuerId || undefined, privateKeyPath: absolute, baseUrl },
      { makeDefault: opts.default !== false },
    );
    ctx.info(`saved profile "${name}" in ${dir}${opts.default !== false ? " (default)" : ""}`);
    ctx.printRecord({ name, keyId, issuerId: issuerId || undefined, keyType: issuerId ? "team" : "individual", privateKeyPath: absolute, baseUrl });
  },
});
