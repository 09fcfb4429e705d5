// tsc does not copy non-TypeScript files: put the operation table beside the compiled loader.
import { copyFileSync, mkdirSync } from "node:fs";
mkdirSync("dist/spec", { recursive: true });
for (const f of ["operations.json", "paging.json"]) copyFileSync(`src/spec/${f}`, `dist/spec/${f}`);
