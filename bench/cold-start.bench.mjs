// CLI cold start: `asckit --version` and `asckit apps list` (against a local emulator) as ratios to
// bare `node -e 0`, medians of interleaved rounds. Goal: --version within 1.3x of bare node.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import { interleaved } from "./stats.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bin = path.join(root, "bin/asckit.js");

/** The emulator runs in its own process so it does not compete with the timed CLI for this event loop. */
async function startEmulatorProcess(keyDir) {
  const child = spawn(process.execPath, [bin, "emulator", "start", "--json", "--key-dir", keyDir], { stdio: ["ignore", "pipe", "inherit"] });
  const line = await new Promise((resolve, reject) => {
    let buf = "";
    child.stdout.on("data", (d) => {
      buf += d;
      if (buf.includes("\n")) resolve(buf.split("\n")[0]);
    });
    child.on("exit", (code) => reject(new Error(`emulator exited ${code}`)));
  });
  const info = JSON.parse(line);
  const env = {};
  for (const l of info.env) {
    const m = /^export (\w+)=(.*)$/.exec(l);
    if (m) env[m[1]] = m[2].replace(/^'(.*)'$/, "$1");
  }
  return { child, env };
}

export async function run() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "asckit-bench-"));
  const { child, env } = await startEmulatorProcess(dir);
  try {
    const cfg = { ...env, ASCKIT_CONFIG_DIR: dir };
    const rounds = 15;
    const [node, version, apps] = interleaved(rounds, [
      { cmd: process.execPath, args: ["-e", "0"] },
      { cmd: process.execPath, args: [bin, "--version"] },
      { cmd: process.execPath, args: [bin, "apps", "list", "--json"], env: cfg },
    ]);
    console.log(`medians of ${rounds} interleaved rounds`);
    console.log(`node -e 0            ${node.toFixed(1)} ms`);
    console.log(`asckit --version     ${version.toFixed(1)} ms   ${(version / node).toFixed(2)}x node (goal ≤ 1.30x)`);
    console.log(`asckit apps list     ${apps.toFixed(1)} ms   ${(apps / node).toFixed(2)}x node`);
  } finally {
    child.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}
