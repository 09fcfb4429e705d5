import { AsckitError } from "../errors/asckit-error.js";

/** What was found instead of an App Store Connect key; lets callers and tests branch without parsing text. */
export type KeyProblem =
  | "empty"
  | "unreadable"
  | "truncated"
  | "public-key"
  | "certificate"
  | "encrypted"
  | "openssh"
  | "wrong-type"
  | "wrong-curve";

const DEFAULT_HINT =
  "Use the AuthKey_<KEY_ID>.p8 file downloaded from App Store Connect (Users and Access → Integrations): " +
  "--private-key-path / ASC_PRIVATE_KEY_PATH, or its contents in ASC_PRIVATE_KEY / ASC_PRIVATE_KEY_B64.";

/**
 * A private key that cannot be used to sign App Store Connect tokens. Messages describe what was found and
 * never quote the input: the input is (or was meant to be) a secret.
 */
export class KeyFormatError extends AsckitError {
  readonly problem: KeyProblem;
  constructor(message: string, problem: KeyProblem, hint: string = DEFAULT_HINT) {
    super(message, { category: "auth", hint });
    this.problem = problem;
  }
}
