// Small helpers shared by the benchmarks.
import { spawnSync } from "node:child_process";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Runs a command and returns its wall time in ms (fails loudly when it fails). */
export function timeCommand(cmd, args, env = {}) {
  const t = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** Interleaves the commands round by round so machine noise hits them alike; returns medians. */
export function interleaved(rounds, commands) {
  const times = commands.map(() => []);
  for (let i = 0; i < rounds; i++) commands.forEach((c, j) => times[j].push(timeCommand(c.cmd, c.args, c.env)));
  return times.map(median);
}
