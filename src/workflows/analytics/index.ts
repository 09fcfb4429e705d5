export * from "./analytics-requests.js";
export * from "./analytics-download.js";
