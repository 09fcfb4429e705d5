// tsc does not copy non-TypeScript files: put the operation table beside the compiled loader.
import { copyFileSync, mkdirSync } from "node:fs";
mkdirSync("dist/spec", { recursive: true });
copyFileSync("src/spec/operations.json", "dist/spec/operations.json");
