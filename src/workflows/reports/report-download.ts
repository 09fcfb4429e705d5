import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { AscClient, Query } from "../../client/index.js";
import { gunzipStream } from "./gunzip-stream.js";
import { createReportParser, parseReportStream, type ReportParser, type ReportParserOptions } from "./report-parser.js";
import type { ReportRow } from "./report-columns.js";

/**
 * A report body on its way in. Read it once: either the raw gzip bytes (`bytes`, for saving the
 * `.gz`) or the parsed rows (`rows`). An empty report (Apple's "no sales for the date") has no body.
 */
export interface ReportDownload {
  /** True when Apple answered that there is nothing for the date. */
  empty: boolean;
  /** The compressed body as it arrives. */
  bytes(): AsyncIterable<Uint8Array>;
  /** Decompressed and parsed rows, in batches; `parser` has the columns and trailer afterwards. */
  rows(options?: ReportParserOptions): AsyncIterable<ReportRow[]>;
  /** The parser used by `rows()` (columns, trailer, row count), once `rows()` was called. */
  readonly parser: ReportParser | undefined;
}

/** Starts a streamed download of a report operation (`GET /v1/salesReports`, `GET /v1/financeReports`). */
export async function startReportDownload(client: AscClient, route: string, query: Query): Promise<ReportDownload> {
  const response = await client.download(route, { query }, { stream: true });
  return streamDownload(Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>));
}

export function streamDownload(body: AsyncIterable<Uint8Array>): ReportDownload {
  let used = false;
  let parser: ReportParser | undefined;
  const take = () => {
    if (used) throw new Error("A report body can be read only once.");
    used = true;
    return body;
  };
  return {
    empty: false,
    bytes: take,
    rows(options) {
      parser = createReportParser(options);
      return parseReportStream(gunzipStream(take()), parser);
    },
    get parser() {
      return parser;
    },
  };
}

export function emptyDownload(): ReportDownload {
  const parser = createReportParser();
  return {
    empty: true,
    bytes: async function* () {},
    rows: async function* () {},
    parser,
  };
}
