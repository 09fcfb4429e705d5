import { describe, expect, it } from "vitest";
import type { AsckitError } from "../../../src/errors/asckit-error.js";
import { charCount, limitProblem, localeProblem, urlProblem } from "../../../src/workflows/release/listing-rules.js";
import { metadataProblems } from "../../../src/workflows/release/metadata-model.js";
import { validateVersionChanges, validateVersionString } from "../../../src/workflows/release/versions.js";

const NOW = Date.parse("2026-03-02T09:00:00Z");

describe("listing limits", () => {
  it("counts characters as code points and says by how much a field is over", () => {
    expect(charCount("café")).toBe(4);
    expect(charCount("🚀🚀")).toBe(2);
    expect(limitProblem("keywords", "k".repeat(100))).toBeUndefined();
    expect(limitProblem("keywords", "k".repeat(101))).toBe("keywords is 101 characters, 1 over the limit of 100");
    expect(limitProblem("keywords", "🚀".repeat(100))).toBeUndefined();
    expect(limitProblem("name", "N".repeat(35))).toBe("name is 35 characters, 5 over the limit of 30");
    expect(limitProblem("promotionalText", "p".repeat(171))).toBe("promotionalText is 171 characters, 1 over the limit of 170");
    expect(limitProblem("description", "d".repeat(4000))).toBeUndefined();
    expect(limitProblem("whatsNew", "w".repeat(4002))).toBe("whatsNew is 4002 characters, 2 over the limit of 4000");
  });

  it("checks URLs and locales", () => {
    expect(urlProblem("supportUrl", "https://example.com/help")).toBeUndefined();
    expect(urlProblem("supportUrl", "example.com/help")).toContain("is not a valid URL");
    expect(urlProblem("privacyPolicyUrl", "ftp://example.com/p")).toContain("must use http or https");
    expect(urlProblem("marketingUrl", "https://intranet/")).toContain("no valid host name");
    expect(localeProblem("en-US")).toBeUndefined();
    expect(localeProblem("en_US")).toBe('"en_US" is not an App Store locale (did you mean en-US?)');
    expect(localeProblem("de")).toBe('"de" is not an App Store locale (did you mean de-DE?)');
  });

  it("accepts one to three numeric parts as a version string", () => {
    for (const ok of ["1", "1.2", "1.2.3", "10.14.1"]) expect(() => validateVersionString(ok)).not.toThrow();
    expect(() => validateVersionString("1.2.3.4")).toThrow("Apple allows at most three parts");
    expect(() => validateVersionString("1.2b")).toThrow('"b" is not allowed');
    expect(() => validateVersionString("1..2")).toThrow("empty part");
    try {
      validateVersionString("v1");
    } catch (error) {
      expect((error as AsckitError).category).toBe("usage");
    }
  });

  it("requires a future date exactly when the release is SCHEDULED", () => {
    expect(() => validateVersionChanges({ releaseType: "SCHEDULED" }, NOW)).toThrow("A SCHEDULED release needs a date.");
    expect(() => validateVersionChanges({ releaseType: "SCHEDULED", earliestReleaseDate: "2026-01-01T00:00:00Z" }, NOW)).toThrow("is in the past");
    expect(() => validateVersionChanges({ releaseType: "MANUAL", earliestReleaseDate: "2026-05-01T00:00:00Z" }, NOW)).toThrow("needs --release-type SCHEDULED");
    expect(() => validateVersionChanges({ releaseType: "SCHEDULED", earliestReleaseDate: "tomorrow" }, NOW)).toThrow('Invalid release date "tomorrow"');
    expect(() => validateVersionChanges({ releaseType: "SCHEDULED", earliestReleaseDate: "2026-05-01T09:00:00Z" }, NOW)).not.toThrow();
  });

  it("reports every problem of a metadata set, each with where it is", () => {
    const problems = metadataProblems(
      {
        locales: {
          "en-US": { keywords: "k".repeat(101), supportUrl: "nope", keyword: "x" } as never,
          "xx-YY": { description: "ok" },
          "fr-FR": { name: "" },
        },
        review: { contactEmail: "ada-at-example", demoAccountRequired: true, demoAccountPassword: null },
        version: { releaseType: "SCHEDULED", earliestReleaseDate: null },
      },
      { locale: (l) => `${l}.json`, review: "review.json", version: "version.json" },
    );
    expect(problems).toEqual([
      'en-US.json: unknown field "keyword" (did you mean keywords?)',
      "en-US.json: keywords is 101 characters, 1 over the limit of 100",
      'en-US.json: supportUrl "nope" is not a valid URL (it needs a scheme, e.g. https://)',
      'xx-YY.json: "xx-YY" is not an App Store locale',
      "fr-FR.json: name cannot be empty (the app needs a name in every locale)",
      'review.json: contactEmail "ada-at-example" is not an e-mail address',
      "review.json: demoAccountPassword is needed when demoAccountRequired is true",
      "version.json: a SCHEDULED release needs earliestReleaseDate",
    ]);
  });
});
