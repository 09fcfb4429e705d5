import { AsckitError } from "../../errors/asckit-error.js";

/**
 * The caller's signal stopped an upload (Ctrl-C). Everything acknowledged so far is kept (and
 * journaled), so running the same upload again continues it; the message says how far it got.
 */
export class UploadInterruptedError extends AsckitError {
  readonly buildUploadId: string | undefined;
  readonly partsDone: number;
  readonly partsTotal: number;
  constructor(message: string, details: { buildUploadId?: string; partsDone?: number; partsTotal?: number; cause?: unknown }) {
    // "network": like a dropped connection, the transfer stopped part-way and a re-run resumes it.
    super(message, { category: "network", cause: details.cause, hint: "Run the same command again to continue where it stopped." });
    this.buildUploadId = details.buildUploadId;
    this.partsDone = details.partsDone ?? 0;
    this.partsTotal = details.partsTotal ?? 0;
  }
}
