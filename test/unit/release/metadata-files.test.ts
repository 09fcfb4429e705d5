import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { readMetadataDir, writeMetadataDir } from "../../../src/workflows/release/metadata-files.js";

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), "asckit-md-"));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("metadata folder", () => {
  it("writes one file per locale plus review.json and version.json, in a stable key order, and reads them back", async () => {
    const dir = tmp();
    const files = await writeMetadataDir(dir, {
      locales: { "en-US": { keywords: "a,b", name: "Demo" }, "de-DE": { name: "Demo" } },
      review: { contactEmail: "ada@example.com" },
      version: { copyright: "2026 Example" },
    });
    expect(files.map((f) => path.basename(f))).toEqual(["de-DE.json", "en-US.json", "review.json", "version.json"]);
    expect(readdirSync(dir).sort()).toEqual(["de-DE.json", "en-US.json", "review.json", "version.json"]);
    const text = readFileSync(path.join(dir, "en-US.json"), "utf8");
    expect(Object.keys(JSON.parse(text))).toEqual(["name", "subtitle", "privacyPolicyUrl", "privacyChoicesUrl", "description", "keywords", "whatsNew", "promotionalText", "supportUrl", "marketingUrl"]);
    expect(text.endsWith("}\n")).toBe(true);
    const back = await readMetadataDir(dir);
    expect(back.locales["en-US"]).toMatchObject({ name: "Demo", keywords: "a,b", subtitle: null });
    expect(back.review).toMatchObject({ contactEmail: "ada@example.com", demoAccountRequired: false });
    expect(back.version).toEqual({ copyright: "2026 Example", releaseType: null, earliestReleaseDate: null });
  });

  it("reports every problem in every file at once, before anything is sent", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "en-US.json"), JSON.stringify({ keywords: "k".repeat(101) }));
    writeFileSync(path.join(dir, "de-DE.json"), "{ not json");
    writeFileSync(path.join(dir, "english.json"), "{}");
    writeFileSync(path.join(dir, "notes.txt"), "ignored");
    const error = await readMetadataDir(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    const message = (error as Error).message;
    expect(message).toMatch(/^3 problems: /);
    expect(message).toContain("de-DE.json: not valid JSON");
    expect(message).toContain("en-US.json: keywords is 101 characters, 1 over the limit of 100");
    expect(message).toContain('english.json: "english" is not an App Store locale');
  });

  it("says when the folder is missing or empty", async () => {
    await expect(readMetadataDir(path.join(os.tmpdir(), "asckit-no-such-dir-xyz"))).rejects.toThrow("does not exist");
    await expect(readMetadataDir(tmp())).rejects.toThrow("No metadata files");
  });
});
