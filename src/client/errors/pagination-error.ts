import { AsckitError } from "../../errors/index.js";

/** The server sent a `links.next` asckit will not follow: a repeated cursor or an untrusted host. */
export class PaginationError extends AsckitError {
  readonly next: string;
  readonly cursor: string | undefined;
  constructor(message: string, init: { next: string; cursor?: string }) {
    super(message, { category: "server", hint: "This looks like a server-side paging problem; narrow the query with filters or retry later." });
    this.next = init.next;
    this.cursor = init.cursor;
  }
}
