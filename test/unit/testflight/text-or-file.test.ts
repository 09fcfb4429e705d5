// `--what-to-test TEXT|FILE`: a path-shaped argument is read, one that names no file is refused; a plain word is text.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { textOrFile } from "../../../src/cli/commands/testflight/cli-helpers.js";
import { ValidationError } from "../../../src/errors/asckit-error.js";

const cwd = mkdtempSync(path.join(os.tmpdir(), "asckit-text-"));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));
mkdirSync(path.join(cwd, "notes"));
writeFileSync(path.join(cwd, "notes", "en.txt"), "Try the settings screen.\n\n");
writeFileSync(path.join(cwd, "WHATS_NEW"), "Fixed login.\n");
// A project folder with a file named `notes` and a `.env` holding a secret.
const project = path.join(cwd, "project");
mkdirSync(project);
writeFileSync(path.join(project, "notes"), "internal: ship it, the crash on login is still there\n");
writeFileSync(path.join(project, ".env"), "ASC_PRIVATE_KEY_B64=LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t\n");

const files = { bareFiles: true };

describe("textOrFile", () => {
  it("reads an existing file given as a path-shaped argument or as @FILE, trimming the trailing newline", () => {
    expect(textOrFile("notes/en.txt", "--what-to-test", cwd, files)).toBe("Try the settings screen.");
    expect(textOrFile(path.join(cwd, "notes", "en.txt"), "--what-to-test", cwd, files)).toBe("Try the settings screen.");
    expect(textOrFile("./WHATS_NEW", "--what-to-test", cwd, files)).toBe("Fixed login.");
    expect(textOrFile("@WHATS_NEW", "--what-to-test", cwd, files)).toBe("Fixed login.");
    expect(textOrFile("@notes/en.txt", "--what-to-test", cwd, files)).toBe("Try the settings screen.");
  });

  it("a single word is text even when a file of that name exists: it never sends a local file by accident", () => {
    expect(textOrFile("notes", "--what-to-test", project, files)).toBe("notes");
    expect(textOrFile(".env", "--what-to-test", project, files)).toBe(".env");
    expect(textOrFile("WHATS_NEW", "--what-to-test", cwd, files)).toBe("WHATS_NEW");
    // Asked for as a file, it is read.
    expect(textOrFile("./notes", "--what-to-test", project, files)).toBe("internal: ship it, the crash on login is still there");
  });

  it("keeps text as text, including text with a slash and a space", () => {
    expect(textOrFile("Try the new onboarding.", "--what-to-test", cwd, files)).toBe("Try the new onboarding.");
    expect(textOrFile("Test login/logout twice", "--what-to-test", cwd, files)).toBe("Test login/logout twice");
    expect(textOrFile("notes", "--what-to-test", cwd, files)).toBe("notes"); // a directory is not a file
  });

  it("refuses a path-looking argument that names no file (a usage error), and an unreadable @FILE", () => {
    for (const arg of ["notes/fr.txt", "release-notes.md", "CHANGES.txt", "docs\\notes"]) {
      const error = (() => {
        try {
          textOrFile(arg, "--what-to-test", cwd, files);
        } catch (e) {
          return e;
        }
      })();
      expect(error, arg).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ category: "usage", message: `--what-to-test ${arg}: no such file (${path.resolve(cwd, arg)}).` });
    }
    expect(() => textOrFile("@missing.txt", "--what-to-test", cwd, files)).toThrow(ValidationError);
  });

  it("without bareFiles (free text such as a password), only @FILE is read", () => {
    expect(textOrFile("notes/en.txt", "--demo-account-password", cwd)).toBe("notes/en.txt");
  });
});
