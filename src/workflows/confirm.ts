import { AsckitError } from "../errors/asckit-error.js";

/**
 * Asked just before an irreversible write, with the question to show; `true` goes ahead. The CLI
 * asks on a terminal and needs --yes otherwise. A workflow called without one has its caller's
 * decision already (the library, the demo, an MCP call that carried `confirm: true`).
 */
export type Confirm = (question: string) => Promise<boolean>;

/**
 * A confirmation answered "no": nothing was sent. A usage error (exit 2), the same as a refusal
 * without --yes, so a script cannot tell "declined" from "done" by a zero exit code either way.
 */
export class NotConfirmedError extends AsckitError {
  constructor(stopped: string) {
    super(`${stopped}: not confirmed.`, { category: "usage", hint: "Answer y to go ahead, or pass --yes when not on a terminal." });
  }
}

/** Asks `question` when the caller passed `confirm`; a "no" throws NotConfirmedError saying what was not done (`stopped`). */
export async function confirmOrStop(options: { confirm?: Confirm | undefined }, question: string, stopped: string): Promise<void> {
  if (!options.confirm || (await options.confirm(question))) return;
  throw new NotConfirmedError(stopped);
}
