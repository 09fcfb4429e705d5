// The auth layer: .p8 key loading, ES256 token minting and caching, credential resolution, profiles.
export { KeyFormatError } from "./key-format-error.js";
export type { KeyProblem } from "./key-format-error.js";
export { CredentialsError } from "./credentials-error.js";
export { normalizePrivateKey, loadPrivateKey, checkAppStoreConnectKey } from "./key-material.js";
export type { KeyMaterialOptions } from "./key-material.js";
export { validateKeyId, validateIssuerId } from "./key-identifiers.js";
export {
  createTokenProvider,
  APP_STORE_CONNECT_AUDIENCE,
  MAX_TOKEN_LIFETIME_SECONDS,
  DEFAULT_TOKEN_LIFETIME_SECONDS,
} from "./token-provider.js";
export type { TokenProvider, TokenProviderOptions } from "./token-provider.js";
export { resolveBaseUrl, resolveCredentials } from "./credentials.js";
export { baseUrlProblem, normaliseBaseUrl, type BaseUrlProblem } from "./base-url.js";
export type { CredentialInputs, Credentials, ResolveCredentialsOptions } from "./credentials.js";
export { createProfileStore, defaultConfigDir } from "./profile-store.js";
export type { Profile, ProfileStore, ProfileStoreFs, RemovedProfile } from "./profile-store.js";
