// The library entry: `import { createClient, createTokenProvider, resolveCredentials } from "asckit"`.
export * from "./errors/index.js";
export * from "./auth/index.js";
export * from "./client/index.js";
