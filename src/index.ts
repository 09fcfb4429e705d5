// The library entry: `import { createClient } from "asckit"`.
export * from "./errors/index.js";
