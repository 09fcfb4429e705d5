#!/usr/bin/env node
// npm run gen [-- --spec PATH]: regenerate src/spec/ from Apple's OpenAPI spec (ASC_OPENAPI_SPEC overrides the path).
import { writeFileSync } from "node:fs";
import path from "node:path";
import { generateSpecFiles, projectRoot, resolveSpecPath } from "./spec-generator.mjs";

const specPath = resolveSpecPath();
const files = await generateSpecFiles(specPath);
for (const [name, content] of Object.entries(files)) {
  const target = path.join(projectRoot, "src/spec", name);
  writeFileSync(target, content);
  console.log(`wrote ${path.relative(projectRoot, target)} (${content.length} bytes)`);
}
console.log(`from ${specPath}`);
