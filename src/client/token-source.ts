/**
 * What the client needs from the auth layer, declared structurally here so that the client does not
 * depend on one implementation: anything that hands out a bearer token and can be told to drop it.
 */
export interface TokenSource {
  /** A valid bearer token (cached by the provider until near expiry). */
  getToken(): Promise<string>;
  /** Forget the cached token: the server refused it, so the next getToken() must mint a fresh one. */
  invalidate(): void;
}
