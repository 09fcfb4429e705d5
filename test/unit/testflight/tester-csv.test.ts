import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../src/errors/asckit-error.js";
import { formatTesterCsv, isValidEmail, parseTesterCsv } from "../../../src/workflows/testflight/tester-csv.js";

describe("parseTesterCsv", () => {
  it("reads a header in any order, quoted fields and the groups column", () => {
    const csv = ["Groups,Email,Last Name,First Name", 'QA; Public Beta ,ada@example.com,Lovelace,"Ada ""Countess"""', ',grace@example.com,"Hopper, Jr.",Grace'].join("\r\n");
    const parsed = parseTesterCsv(csv);
    expect(parsed.hasHeader).toBe(true);
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows).toEqual([
      { line: 2, email: "ada@example.com", firstName: 'Ada "Countess"', lastName: "Lovelace", groups: ["QA", "Public Beta"] },
      { line: 3, email: "grace@example.com", firstName: "Grace", lastName: "Hopper, Jr.", groups: [] },
    ]);
  });

  it("assumes email, first name, last name, groups without a header, and skips a BOM and blank lines", () => {
    const parsed = parseTesterCsv("\uFEFFada@example.com,Ada\n\n  \nalan@example.com,Alan,Turing,QA\n");
    expect(parsed.hasHeader).toBe(false);
    expect(parsed.rows.map((r) => [r.line, r.email, r.firstName, r.lastName, r.groups])).toEqual([
      [1, "ada@example.com", "Ada", undefined, []],
      [4, "alan@example.com", "Alan", "Turing", ["QA"]],
    ]);
  });

  it("reports each bad row with its line number and keeps the rest; duplicates are matched ignoring case", () => {
    const csv = [
      "email,first name,last name,groups", // 1
      "ada@example.com,Ada,,", // 2
      "not-an-email,Bad,,", // 3
      ",No,Email,", // 4
      "ADA@Example.com,Again,,", // 5
      "a@b,Short,,", // 6
      "grace@example.com,Grace,Hopper,QA,extra", // 7
      '"note@example.com,"multi', // 8: text after a closing quote
      '"multi@example.com","Line one', // 9: a quoted field spanning lines
      'line two",Last,', // 10
      '"open@example.com,Never closed', // 11
      "alan@example.com,Alan,,", // 12
    ].join("\n");
    const parsed = parseTesterCsv(csv);
    expect(parsed.rows.map((r) => `${r.line}:${r.email}`)).toEqual(["2:ada@example.com", "9:multi@example.com", "12:alan@example.com"]);
    expect(parsed.rows[1]!.firstName).toBe("Line one\nline two");
    expect(parsed.problems).toEqual([
      { line: 3, kind: "invalid", message: "'not-an-email' is not a valid email address" },
      { line: 4, kind: "invalid", message: "no email address" },
      { line: 5, kind: "duplicate", message: "ADA@Example.com is a duplicate of line 2" },
      { line: 6, kind: "invalid", message: "'a@b' is not a valid email address" },
      { line: 7, kind: "invalid", message: "5 columns, expected at most 4 (as in the header)" },
      { line: 8, kind: "invalid", message: "text after a closing quote" },
      { line: 11, kind: "invalid", message: "a quoted field is never closed" },
    ]);
  });

  it("treats a first row without an address but with no known column names as data (a bad row)", () => {
    const parsed = parseTesterCsv("nobody,Bad\nada@example.com\n");
    expect(parsed.hasHeader).toBe(false);
    expect(parsed.problems).toEqual([{ line: 1, kind: "invalid", message: "'nobody' is not a valid email address" }]);
    expect(parsed.rows.map((r) => r.email)).toEqual(["ada@example.com"]);
  });

  it("refuses a header without an email column", () => {
    expect(() => parseTesterCsv("first name,last name\nAda,Lovelace\n")).toThrow(ValidationError);
    expect(() => parseTesterCsv("first name,last name\n")).toThrow(/Line 1: the header row has no email column \(found: first name, last name\)/);
  });
});

describe("formatTesterCsv", () => {
  it("writes what parseTesterCsv reads back, quoting where needed", () => {
    const testers = [
      { email: "ada@example.com", firstName: "Ada", lastName: 'Lovelace "Byron"', groups: ["QA", "Public Beta"] },
      { email: "grace@example.com", firstName: null, lastName: "Hopper, Jr.", groups: [] },
    ];
    const csv = formatTesterCsv(testers);
    expect(csv).toBe('email,first name,last name,groups\nada@example.com,Ada,"Lovelace ""Byron""",QA; Public Beta\ngrace@example.com,,"Hopper, Jr.",\n');
    expect(parseTesterCsv(csv).rows).toEqual([
      { line: 2, email: "ada@example.com", firstName: "Ada", lastName: 'Lovelace "Byron"', groups: ["QA", "Public Beta"] },
      { line: 3, email: "grace@example.com", lastName: "Hopper, Jr.", groups: [] },
    ]);
  });

  it("accepts ordinary addresses and refuses malformed ones", () => {
    for (const ok of ["a.b+tag@example.co.uk", "x@sub.example.org"]) expect(isValidEmail(ok)).toBe(true);
    for (const bad of ["a@b", "a b@example.com", "a@@example.com", "a..b@example.com", "@example.com", `${"a".repeat(250)}@example.com`]) expect(isValidEmail(bad)).toBe(false);
  });
});
