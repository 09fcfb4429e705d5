// Tables never cut what people copy (ids, links), wrap free text instead, and show nested
// objects as key: value lines rather than JSON.
import { describe, expect, it } from "vitest";
import { cellLines, renderTable, renderTsv, tableWidth } from "../../../src/cli/output/table.js";

const group = {
  id: "6b1f7c2e-3d4a-4f5b-9c8d-7e6f5a4b3c2d",
  name: "Public Beta",
  isInternalGroup: false,
  publicLink: "https://testflight.apple.com/join/AbCdEfGh",
  testers: 12,
};
const groupColumns = (["id", "name", "isInternalGroup", "publicLink", "testers"] as const).map((k) => ({ header: k, value: (r: typeof group) => r[k] }));

describe("renderTable", () => {
  it("never cuts an id or a URL, even when the terminal is narrower than the row", () => {
    const text = renderTable([group], groupColumns, 60);
    expect(text).toContain(group.id);
    expect(text).toContain(group.publicLink);
    expect(text).not.toContain("…");
  });

  it("fits on one line per row when the width allows", () => {
    expect(renderTable([group], groupColumns, 250)).toBe(
      [
        "ID                                    NAME         ISINTERNALGROUP  PUBLICLINK                                  TESTERS",
        "6b1f7c2e-3d4a-4f5b-9c8d-7e6f5a4b3c2d  Public Beta  false            https://testflight.apple.com/join/AbCdEfGh  12",
        "",
      ].join("\n"),
    );
  });

  it("wraps long free text onto continuation lines, keeping every word, within the width", () => {
    const finding = {
      status: "fail",
      check: "screenshots.iphone67",
      finding: "No screenshots for the 6.7-inch iPhone display in en-US; App Review requires them for every localization you ship.",
      fix: "Upload 1290x2796 screenshots with `asckit screenshots upload ./shots --app com.example.app --version 1.2.0`.",
    };
    const columns = (["status", "check", "finding", "fix"] as const).map((k) => ({ header: k, value: (r: typeof finding) => r[k] }));
    const text = renderTable([finding], columns, 120);
    const lines = text.trimEnd().split("\n");
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(120);
    expect(text).not.toContain("…");
    // Reassembling the column's text gives the whole finding and fix back.
    const start = lines[0]!.indexOf("FINDING");
    const fixAt = lines[0]!.indexOf("FIX");
    const column = (from: number, to?: number) => lines.slice(1).map((l) => l.slice(from, to).trim()).filter(Boolean).join(" ");
    expect(column(start, fixAt)).toBe(finding.finding);
    expect(column(fixAt)).toBe(finding.fix);
  });

  it("renders nested objects as key: value lines", () => {
    const record = [
      { field: "betaAppReviewDetail", value: { contactEmail: "ada@example.com", demoAccountRequired: false, notes: null } },
      { field: "localizations", value: [{ locale: "en-US", feedbackEmail: "beta@example.com" }, { locale: "de-DE", feedbackEmail: "beta@example.de" }] },
    ];
    const text = renderTable(record, [
      { header: "field", value: (r) => r.field },
      { header: "value", value: (r) => r.value },
    ]);
    expect(text).not.toMatch(/[{}"]/);
    expect(text.split("\n")).toEqual([
      "FIELD                VALUE",
      "betaAppReviewDetail  contactEmail: ada@example.com",
      "                     demoAccountRequired: false",
      "                     notes: ",
      "localizations        - locale: en-US",
      "                       feedbackEmail: beta@example.com",
      "                     - locale: de-DE",
      "                       feedbackEmail: beta@example.de",
      "",
    ].map((l) => l.trimEnd()));
  });
});

describe("cellLines", () => {
  it("keeps lists of plain values on one line and indents deeper objects", () => {
    expect(cellLines(["a", "b"])).toEqual(["a,b"]);
    expect(cellLines({ a: { b: 1, c: [1, 2] } })).toEqual(["a:", "  b: 1", "  c: 1,2"]);
  });
});

it("TSV keeps objects as JSON for scripts", () => {
  expect(renderTsv([{ v: { a: 1 } }], [{ header: "v", value: (r) => r.v }])).toBe('v\n{"a":1}\n');
});

it("tableWidth: COLUMNS, else the terminal, else 160", () => {
  expect(tableWidth({ COLUMNS: "250" }, { columns: 80 })).toBe(250);
  expect(tableWidth({}, { columns: 80 })).toBe(80);
  expect(tableWidth({ COLUMNS: "wide" }, {})).toBe(160);
});
