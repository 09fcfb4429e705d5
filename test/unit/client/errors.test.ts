import { describe, expect, it } from "vitest";
import {
  AscApiError,
  AuthenticationError,
  ConflictError,
  errorFromResponse,
  NotFoundError,
  ParameterError,
  RateLimitError,
  ServerError,
  UnprocessableError,
  type ErrorResponseInput,
} from "../../../src/client/index.js";
import { NOT_AUTHORIZED_BODY } from "./support/fakes.js";

const req = { method: "POST", path: "/v1/reviewSubmissionItems" };
const fromJson = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  errorFromResponse({ status, headers: new Headers({ "content-type": "application/json", ...headers }), bodyText: JSON.stringify(body), ...req });

describe("errorFromResponse with Apple JSON bodies", () => {
  it("401 NOT_AUTHORIZED → AuthenticationError (auth) with a credentials/clock hint", () => {
    const err = fromJson(401, NOT_AUTHORIZED_BODY);
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err).toMatchObject({ category: "auth", status: 401, code: "NOT_AUTHORIZED", title: "Authentication credentials are missing or invalid." });
    expect(err.message.startsWith("401 NOT_AUTHORIZED: Provide a properly configured and signed")).toBe(true);
    expect(err.hint).toBe("Check the key ID, the issuer ID and the private key, and that this machine's clock is correct.");
  });

  it("403 FORBIDDEN_ERROR → AuthenticationError naming the role problem", () => {
    const err = fromJson(403, { errors: [{ status: "403", code: "FORBIDDEN_ERROR", title: "This request is forbidden for security reasons", detail: "The API key in use does not allow this request" }] });
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toBe("403 FORBIDDEN_ERROR: The API key in use does not allow this request");
    expect(err.hint).toMatch(/role/);
  });

  it("400 PARAMETER_ERROR.ILLEGAL → ParameterError (usage) with source.parameter in the hint", () => {
    const err = fromJson(400, {
      errors: [{ id: "0a5fd1c4-67f0-4d4b-9a4a-7d8e6c3b0f1e", status: "400", code: "PARAMETER_ERROR.ILLEGAL", title: "A parameter in the request is not allowed", detail: "'filter[emaill]' is not a valid filter type", source: { parameter: "filter[emaill]" } }],
    });
    expect(err).toBeInstanceOf(ParameterError);
    expect(err.category).toBe("usage");
    expect(err.hasCode("PARAMETER_ERROR")).toBe(true);
    expect(err.hasCode("PARAMETER_ERROR.ILLEGAL")).toBe(true);
    expect(err.hasCode("PARAMETER_ERROR.INVALID")).toBe(false);
    expect(err.hasCode("PARAMETER")).toBe(false); // prefix is by code segment, not by characters
    expect(err.source).toEqual({ parameter: "filter[emaill]" });
    expect(err.requestId).toBe("0a5fd1c4-67f0-4d4b-9a4a-7d8e6c3b0f1e");
    expect(err.message).toBe("400 PARAMETER_ERROR.ILLEGAL: 'filter[emaill]' is not a valid filter type");
    expect(err.hint).toBe('Check the query parameter "filter[emaill]".');
  });

  it("409 with meta.associatedErrors → ConflictError with flattened lines, all errors kept", () => {
    const body = {
      errors: [
        {
          id: "9f1c2b7e-2d1a-4a55-8f7e-1b2c3d4e5f60",
          status: "409",
          code: "STATE_ERROR.ENTITY_STATE_INVALID",
          title: "The request cannot be fulfilled because of the state of another resource.",
          detail: "appStoreVersions with id '8a1b2c3d-0000-4000-8000-000000000001' cannot be added to the submission.",
          meta: {
            associatedErrors: {
              "/v2/appPrices/": [{ code: "APP_PRICING_REQUIRED", detail: "App pricing is required before submitting." }],
              "/v1/appStoreVersions/8a1b2c3d-0000-4000-8000-000000000001": [
                { code: "STATE_ERROR.ENTITY_INVALID", detail: "The primary category is required." },
                { code: "STATE_ERROR.ENTITY_INVALID", title: "Screenshots are required." },
              ],
              "/v1/odd": "not an array",
              "/v1/empty": [{}],
            },
          },
        },
        { status: "409", code: "ENTITY_ERROR.ATTRIBUTE.INVALID", title: "An attribute value is invalid.", detail: "copyright is required", source: { pointer: "/data/attributes/copyright" } },
      ],
    };
    const err = fromJson(409, body, { "x-request-id": "REQ-HEADER-1" });
    expect(err).toBeInstanceOf(ConflictError);
    expect(err.category).toBe("conflict");
    expect(err.message).toBe("409 STATE_ERROR.ENTITY_STATE_INVALID: appStoreVersions with id '8a1b2c3d-0000-4000-8000-000000000001' cannot be added to the submission. (+1 more)");
    expect(err.associatedErrors).toEqual([
      "/v2/appPrices/: APP_PRICING_REQUIRED — App pricing is required before submitting.",
      "/v1/appStoreVersions/8a1b2c3d-0000-4000-8000-000000000001: STATE_ERROR.ENTITY_INVALID — The primary category is required.",
      "/v1/appStoreVersions/8a1b2c3d-0000-4000-8000-000000000001: STATE_ERROR.ENTITY_INVALID — Screenshots are required.",
      "/v1/odd: not an array",
    ]);
    expect(err.errors).toHaveLength(2);
    expect(err.errors[1]!.source).toEqual({ pointer: "/data/attributes/copyright" });
    expect(err.hasCode("STATE_ERROR")).toBe(true);
    expect(err.hasCode("ENTITY_ERROR.ATTRIBUTE")).toBe(true);
    expect(err.requestId).toBe("REQ-HEADER-1");
    expect(err.method).toBe("POST");
    expect(err.path).toBe("/v1/reviewSubmissionItems");
  });

  it("associated errors with a source name the field: \"resource: field — detail (CODE)\"", () => {
    const version = "/v1/appStoreVersions/8a1b2c3d-0000-4000-8000-000000000001";
    const localization = "/v1/appStoreVersionLocalizations/5e6f7a8b-0000-4000-8000-000000000002";
    const body = {
      errors: [
        {
          status: "409",
          code: "STATE_ERROR.ENTITY_STATE_INVALID",
          title: "The request cannot be fulfilled because of the state of another resource.",
          detail: "The item cannot be added to the review submission.",
          meta: {
            associatedErrors: {
              [localization]: [
                { code: "ENTITY_ERROR.ATTRIBUTE.REQUIRED", detail: "You must provide a value for the attribute 'whatsNew' with this request", source: { pointer: "/data/attributes/whatsNew" } },
              ],
              [version]: [
                { code: "ENTITY_ERROR.RELATIONSHIP.REQUIRED", detail: "You must choose a build for this version before it can be submitted.", source: { pointer: "/data/relationships/build" } },
                { code: "ENTITY_ERROR.ATTRIBUTE.INVALID", title: "A keyword is too long.", source: { pointer: "/data/attributes/keywords~1list/0" } },
                { code: "PARAMETER_ERROR.INVALID", detail: "Unknown territory.", source: { parameter: "filter[territory]" } },
                { code: "STATE_ERROR.ENTITY_INVALID", detail: "The primary category is required." },
              ],
            },
          },
        },
      ],
    };
    expect(fromJson(409, body).associatedErrors).toEqual([
      `${localization}: whatsNew — You must provide a value for the attribute 'whatsNew' with this request (ENTITY_ERROR.ATTRIBUTE.REQUIRED)`,
      `${version}: build — You must choose a build for this version before it can be submitted. (ENTITY_ERROR.RELATIONSHIP.REQUIRED)`,
      `${version}: keywords/list.0 — A keyword is too long. (ENTITY_ERROR.ATTRIBUTE.INVALID)`,
      `${version}: filter[territory] — Unknown territory. (PARAMETER_ERROR.INVALID)`,
      `${version}: STATE_ERROR.ENTITY_INVALID — The primary category is required.`,
    ]);
  });

  it("copes with a missing or odd meta", () => {
    for (const meta of [undefined, null, "x", { associatedErrors: null }, { associatedErrors: [1, 2] }]) {
      const err = fromJson(409, { errors: [{ status: "409", code: "STATE_ERROR", title: "t", meta }] });
      expect(err.associatedErrors).toEqual([]);
      expect(err.message).toBe("409 STATE_ERROR: t");
    }
  });

  it("maps the remaining statuses to their classes and categories", () => {
    const cases: Array<[number, string | undefined, new (...a: never[]) => AscApiError, string]> = [
      [404, "NOT_FOUND", NotFoundError, "not_found"],
      [404, "PATH_ERROR", NotFoundError, "not_found"],
      [410, undefined, NotFoundError, "not_found"],
      [422, "ENTITY_UNPROCESSABLE", UnprocessableError, "refused"],
      [400, "ENTITY_INVALID", UnprocessableError, "refused"],
      [400, "PARAMETER_ERROR.INVALID", ParameterError, "usage"],
      [409, "ENTITY_ERROR.ATTRIBUTE.INVALID", ConflictError, "conflict"],
      [429, "RATE_LIMIT_EXCEEDED", RateLimitError, "rate_limited"],
      [500, "UNEXPECTED_ERROR", ServerError, "server"],
      [503, undefined, ServerError, "server"],
      [405, "METHOD_NOT_ALLOWED", AscApiError, "usage"],
    ];
    for (const [status, code, Class, category] of cases) {
      const err = fromJson(status, { errors: [{ status: String(status), ...(code ? { code } : {}), title: "x" }] });
      expect(err, `${status} ${code}`).toBeInstanceOf(Class);
      expect(err.category, `${status} ${code}`).toBe(category);
    }
  });

  it("a 404 for one resource names its type in the hint; a wrong path says the path does not exist", () => {
    const body = { errors: [{ id: "b7e1c2d3-0000-4000-8000-000000000404", status: "404", code: "NOT_FOUND", title: "The specified resource does not exist", detail: "There is no resource of type 'builds' with id 'nonexistent'" }] };
    const missing = errorFromResponse({ status: 404, headers: new Headers({ "content-type": "application/json" }), bodyText: JSON.stringify(body), method: "GET", path: "/v1/builds/nonexistent?include=app" });
    expect(missing.hint).toBe("Check the id: this API key sees no builds resource with it. List them to find the right one.");
    const noPath = fromJson(404, { errors: [{ status: "404", code: "PATH_ERROR", title: "The URL path is not valid" }] });
    expect(noPath.hint).toBe("The path does not exist in the App Store Connect API.");
  });

  it("429 hint mentions waiting and the hourly budget", () => {
    const err = fromJson(429, { errors: [{ status: "429", code: "RATE_LIMIT_EXCEEDED", title: "The request rate limit has been reached." }] }, { "x-rate-limit": "user-hour-lim:3600;user-hour-rem:0;" });
    expect(err.hint).toBe("Rate limit reached (hourly limit 3600 per key): wait a while and try again, with fewer parallel requests.");
    expect(err.rateLimit?.hourRemaining).toBe(0);
  });
});

describe("errorFromResponse with non-JSON bodies", () => {
  const storage = (status: number, bodyText: string, contentType: string, headers: Record<string, string> = {}): ErrorResponseInput => ({
    status,
    headers: { "Content-Type": contentType, ...headers },
    bodyText,
    method: "PUT",
    path: "https://store-037.blobstore.apple.com/itmspod11-assets-massilia-037001/PurpleSource211/v4/ab/cd/ef/abcdef.png",
  });

  it("XML from a storage host → code and message, with an upload hint", () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Request has expired &amp; cannot be used</Message><RequestId>4442587FB7D0A2F9</RequestId></Error>`;
    const err = errorFromResponse(storage(403, xml, "application/xml", { "x-apple-request-uuid": "b7f0c3a2-uuid" }));
    expect(err.message).toBe("403 AccessDenied: Request has expired & cannot be used");
    expect(err.code).toBe("AccessDenied");
    expect(err.requestId).toBe("b7f0c3a2-uuid");
    expect(err.hint).toMatch(/time-limited/);
  });

  it("HTML from a gateway → its <title>", () => {
    const html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>";
    const err = errorFromResponse(storage(502, html, "text/html; charset=iso-8859-1"));
    expect(err).toBeInstanceOf(ServerError);
    expect(err.message).toBe("502 Bad Gateway");
    const err2 = errorFromResponse(storage(503, "<html><head><title>Service Unavailable</title></head></html>", "text/html"));
    expect(err2.message).toBe("503 Service Unavailable");
  });

  it("plain text (406 is documented as text) and empty bodies", () => {
    expect(errorFromResponse(storage(406, "Not Acceptable: use application/json\nmore", "text/plain")).message).toBe("406 Not Acceptable: use application/json");
    expect(errorFromResponse(storage(504, "", "")).message).toBe("504 Gateway Timeout");
  });

  it("never carries tokens from an echoed body", () => {
    const jwt = "eyJhbGciOiJFUzI1NiIsImtpZCI6IjJYOVI0SFhGMzQifQ.eyJpc3MiOiJhYmMifQ.c2lnbmF0dXJlc2ln";
    const err = errorFromResponse(storage(400, JSON.stringify({ errors: [{ code: "PARAMETER_ERROR.INVALID", detail: `token ${jwt} rejected` }] }), "application/json"));
    expect(err.message).not.toContain(jwt);
    expect(JSON.stringify(err.errors)).not.toContain(jwt);
  });
});
