import { ApiFailure } from "../api-failure.js";

/**
 * Apple's 401 for every token problem, byte for byte (facts §1.6). Apple never says which check
 * failed; the emulator puts its reason in an `X-Emulator-Auth-Reason` header instead, never in the body.
 */
export const notAuthorized = (reason?: string): ApiFailure =>
  new ApiFailure(
    {
      status: 401,
      code: "NOT_AUTHORIZED",
      title: "Authentication credentials are missing or invalid.",
      detail:
        "Provide a properly configured and signed bearer token, and make sure that it has not expired. Learn more about Generating Tokens for API Requests https://developer.apple.com/go/?id=api-generating-tokens",
    },
    reason ? { "X-Emulator-Auth-Reason": reason } : {},
  );
