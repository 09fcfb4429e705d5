// The emulator's public API: what the CLI (`asckit emulator start`, `asckit demo`) and tests use.
export { createEmulator, type Emulator, type EmulatorOptions } from "./create-emulator.js";
export { startEmulatorService, type EmulatorService } from "./start-emulator-service.js";
export { writeKeyFiles, type KeyFileInput } from "./write-key-files.js";
export type { GeneratedApiKey } from "./auth/key-registry.js";
export type { FaultConfig, FailNextSpec } from "./faults/fault-config.js";
export type { RequestLogEntry } from "./http/request-log-entry.js";
export type { ServerStats } from "./http/create-api-server.js";
export type { ExtraRoute, ExtraRouteRequest } from "./http/extra-route.js";
export type { ApiRequest, ApiResult, Engine, OperationHandler } from "./engine-types.js";
export { ApiFailure } from "./api-failure.js";
