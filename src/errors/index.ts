export * from "./asckit-error.js";
export * from "./redact.js";
