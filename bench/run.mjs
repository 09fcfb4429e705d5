#!/usr/bin/env node
// npm run bench: every benchmark, each printing ratios measured side by side in this one run.
// Pass names to run a subset: `npm run bench -- cold-start demo-requests`.
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const benches = readdirSync(here)
  .filter((f) => f.endsWith(".bench.mjs"))
  .sort()
  .filter((f) => !wanted.length || wanted.includes(f.replace(".bench.mjs", "")));

for (const file of benches) {
  const name = file.replace(".bench.mjs", "");
  console.log(`\n## ${name}`);
  const started = Date.now();
  const mod = await import(path.join(here, file));
  await mod.run();
  console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
