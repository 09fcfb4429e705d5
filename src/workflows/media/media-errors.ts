import { AsckitError, ValidationError } from "../../errors/asckit-error.js";

/**
 * Every problem found in the local files at once (exit 8, nothing sent): fixing them one run at a
 * time would be slow. The CLI prints `associatedErrors` as one line each.
 */
export class MediaValidationError extends ValidationError {
  readonly associatedErrors: string[];
  constructor(message: string, problems: string[], hint?: string) {
    super(message, hint ? { hint } : {});
    this.associatedErrors = problems;
  }
}

/** Assets that ended FAILED (exit 9) or were still processing at the timeout (exit 7), one line each. */
export class MediaAssetError extends AsckitError {
  readonly associatedErrors: string[];
  constructor(message: string, category: "failed_state" | "timeout", lines: string[], hint?: string) {
    super(message, { category, ...(hint ? { hint } : {}) });
    this.associatedErrors = lines;
  }
}

/** A request failed mid-upload: Apple's error, plus what to do (re-running is safe). */
export class MediaUploadError extends AsckitError {
  readonly associatedErrors: readonly string[];
  constructor(cause: AsckitError) {
    super(cause.message, {
      category: cause.category,
      cause,
      hint: cause.hint ?? "Run the same command again: finished files are skipped and half-uploaded ones are continued.",
    });
    this.associatedErrors = (cause as { associatedErrors?: readonly string[] }).associatedErrors ?? [];
  }
}
