// Requests the demo makes versus the minimum each of its steps needs (goal: equal).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export async function run() {
  const r = spawnSync(process.execPath, [path.join(root, "bin/asckit.js"), "demo"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`demo exited ${r.status}: ${r.stderr}`);
  const m = /DEMO_REQUESTS=(\d+) DEMO_MINIMUM=(\d+)/.exec(r.stderr);
  if (!m) throw new Error("the demo did not report its request count");
  const [made, minimum] = [Number(m[1]), Number(m[2])];
  console.log(`demo requests        ${made} made, ${minimum} minimum   ${(made / minimum).toFixed(2)}x`);
}
