import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { redactSecrets } from "../../../src/errors/redact.js";
import { runMain } from "../../support/in-process-cli.js";
import { leaksKeyText, p256Key } from "../auth/test-keys.js";

const key = p256Key().pkcs8Pem;
const lines = key.trim().split("\n");

describe("redactSecrets: private keys", () => {
  it("redacts a whole PEM block, real or escaped line breaks, and keeps the text around it", () => {
    expect(redactSecrets(`before ${key} after`)).toBe("before [REDACTED PRIVATE KEY]\n after");
    expect(redactSecrets(`before ${key.trim().replace(/\n/g, "\\n")} after`)).toBe("before [REDACTED PRIVATE KEY] after");
  });

  it("redacts a block cut off before END, keeping words after it", () => {
    const truncated = redactSecrets(`got ${lines.slice(0, 3).join("\n")}\nand nothing else`);
    expect(truncated).toBe("got [REDACTED PRIVATE KEY]\nand nothing else");
    const oneLine = redactSecrets(`got ${lines.slice(0, 4).join(" ")} then words`);
    expect(oneLine).toBe("got [REDACTED PRIVATE KEY] then words");
    expect(leaksKeyText(truncated + oneLine, key)).toBe(false);
  });

  it("leaves a bare armour line in asckit's own messages alone", () => {
    const own = 'env ASC_PRIVATE_KEY is not a readable key (11 characters); expected a PEM ("-----BEGIN PRIVATE KEY-----"), base64 or DER EC P-256 key';
    expect(redactSecrets(own)).toBe(own);
    const hint = 'Expected {"key_id": "…", "issuer_id": "…", "key": "-----BEGIN PRIVATE KEY-----\\n…"} or "key_filepath" instead of "key".';
    expect(redactSecrets(hint)).toBe(hint);
    const prose = "-----BEGIN PRIVATE KEY----- is there but -----END PRIVATE KEY----- is missing";
    expect(redactSecrets(prose)).toBe(prose);
  });
});

describe("the CLI's error lines keep asckit's own armour text", () => {
  it("a key that is not a key: the whole message and its hint are printed", async () => {
    const r = await runMain(["auth", "status"], { env: { ASC_KEY_ID: "2X9R4HXF34", ASC_ISSUER_ID: "57246542-96fe-1a63-e053-0824d011072a", ASC_PRIVATE_KEY: "hello world" } });
    expect(r.code).toBe(3);
    const [first, ...rest] = r.stderr.trim().split("\n");
    expect(first).toMatch(/^error: .*ASC_PRIVATE_KEY.*expected a PEM \("-----BEGIN PRIVATE KEY-----"\), base64 or DER EC P-256 key/);
    expect(rest.some((l) => l.startsWith("hint: "))).toBe(true);
    expect(r.stderr).not.toContain("REDACTED");
  });

  it("a fastlane key file that is not JSON: the hint survives with its example", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "asckit-redact-"));
    try {
      const file = path.join(dir, "key.json");
      writeFileSync(file, "key_id = 2X9R4HXF34\n");
      const r = await runMain(["apps", "list", "--api-key-file", file]);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^error: The fastlane API key file .* is not a JSON object$/m);
      expect(r.stderr).toContain('hint: Expected {"key_id": "…", "issuer_id": "…", "key": "-----BEGIN PRIVATE KEY-----\\n…"} or "key_filepath" instead of "key".');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
