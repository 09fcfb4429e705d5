import { AsckitError } from "../../errors/asckit-error.js";
import { AscApiError } from "../../client/index.js";

/** Apple has not published the report yet: ask again later (its own exit code). */
export class ReportNotAvailableError extends AsckitError {
  /** When it is worth asking again (epoch ms). */
  readonly retryAt: number;
  constructor(message: string, retryAt: number, hint: string, cause?: unknown) {
    super(message, { category: "not_available", hint, cause });
    this.retryAt = retryAt;
  }
}

/** 410: the report is older than Apple keeps it. */
export class ReportExpiredError extends AsckitError {
  constructor(message: string, hint: string, cause?: unknown) {
    super(message, { category: "not_found", hint, cause });
  }
}

/** 400 on `filter[version]`: Apple names the version it serves now. */
export class ReportVersionError extends AsckitError {
  /** The version Apple says is the latest, when its message names one. */
  readonly latestVersion: string | undefined;
  constructor(message: string, latestVersion: string | undefined, hint: string, cause?: unknown) {
    super(message, { category: "usage", hint, cause });
    this.latestVersion = latestVersion;
  }
}

/** The rows do not add up to the report's own `Total_*` trailer: the file is incomplete or altered. */
export class ReportIntegrityError extends AsckitError {
  constructor(message: string, hint?: string) {
    super(message, { category: "server", hint });
  }
}

export type ReportErrorKind = "no-sales" | "not-available" | "expired" | "version" | "other";

const NO_SALES = /no sales for the date/i;
const NOT_YET = /not (yet )?available( yet)?|not been (generated|published)|try again later/i;
const LATEST_VERSION = /latest version[^0-9]*(\d+_\d+)/i;

/**
 * Sorts Apple's report errors: all three "missing" answers share a status, and only the detail
 * text tells a day without sales (an empty report) from one not published yet (ask later).
 */
export function classifyReportError(error: unknown): { kind: ReportErrorKind; latestVersion?: string } {
  if (!(error instanceof AscApiError)) return { kind: "other" };
  const text = `${error.detail ?? ""} ${error.title ?? ""}`;
  if (error.status === 410) return { kind: "expired" };
  if (error.status === 404 && !error.hasCode("PATH_ERROR")) {
    if (NO_SALES.test(text)) return { kind: "no-sales" };
    if (NOT_YET.test(text)) return { kind: "not-available" };
  }
  if (error.status === 400 && (error.source?.parameter === "filter[version]" || /version/i.test(text))) {
    const latest = LATEST_VERSION.exec(text)?.[1];
    return latest ? { kind: "version", latestVersion: latest } : { kind: "version" };
  }
  return { kind: "other" };
}
