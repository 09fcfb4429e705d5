/**
 * Progress for long work, always on stderr. Two kinds, because only one of them has a fraction:
 *
 * - `update(done, total)`: work of known size (bytes, parts, items) — a bar and a percentage.
 * - `wait(state, elapsed, timeout)`: waiting on Apple (a build processing, a review) — the state and
 *   the time waited, never a percentage: elapsed over timeout says nothing about when Apple is done.
 *
 * On a TTY the line is redrawn in place (and a wait keeps ticking between polls). Otherwise a line
 * is printed when the state or phase changes, and in between at most once per `intervalMs`, so a CI
 * log shows movement without a line per poll.
 */
export interface Progress {
  update(done: number, total: number | undefined, status?: string): void;
  wait(state: string, elapsedMs: number, timeoutMs?: number): void;
  note(message: string): void;
  done(message?: string): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  label: string;
  now: () => number;
  /** Non-TTY: the most often an unchanged state is repeated. */
  intervalMs?: number;
  /** TTY: how often a wait redraws its clock between polls; 0 turns the ticker off. */
  tickMs?: number;
  /** Runs `tick` every `ms` until the returned function is called (default: an unref'd setInterval; tests pass a fake). */
  every?: (tick: () => void, ms: number) => () => void;
  enabled?: boolean;
}

/** The real ticker, unref'd: a redraw must never keep the process alive after the command ends. */
function every(tick: () => void, ms: number): () => void {
  const timer = setInterval(tick, ms);
  timer.unref?.();
  return () => clearInterval(timer);
}

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

export function createProgress(options: ProgressOptions): Progress {
  const { stream, label, now } = options;
  const tty = Boolean(stream.isTTY);
  const interval = options.intervalMs ?? 10_000;
  const tickMs = options.tickMs ?? 1000;
  const enabled = options.enabled ?? true;
  const schedule = options.every ?? every;
  let lastLine = Number.NEGATIVE_INFINITY;
  let lastKey: string | undefined;
  let drawn = false;
  let frame = 0;
  let ticker: (() => void) | undefined;
  let waiting: { state: string; elapsedMs: number; timeoutMs?: number; at: number } | undefined;

  const draw = (text: string) => {
    // A line wider than the terminal wraps, and `\r` then redraws only its last row.
    const width = stream.columns ? stream.columns - 1 : undefined;
    stream.write(`\r\x1b[2K${width && text.length > width ? `${text.slice(0, width - 1)}…` : text}`);
    drawn = true;
  };
  const line = (text: string, key: string, force = false) => {
    const t = now();
    if (force || key !== lastKey || t - lastLine >= interval) {
      stream.write(`${text}\n`);
      lastLine = t;
      lastKey = key;
    }
  };
  const waitText = (w: NonNullable<typeof waiting>, elapsedMs: number) =>
    `${label}: ${w.state} (${formatElapsed(elapsedMs)} elapsed${w.timeoutMs ? `, timeout ${formatElapsed(w.timeoutMs)}` : ""})`;
  const stopTicker = () => {
    ticker?.();
    ticker = undefined;
  };
  const clear = () => {
    stopTicker();
    waiting = undefined;
    if (tty && drawn) stream.write("\r\x1b[2K");
    drawn = false;
  };

  return {
    update(done, total, status) {
      if (!enabled) return;
      waiting = undefined;
      stopTicker();
      const text = `${label} ${bar(done, total)}${status ?? ""}`.trimEnd();
      if (tty) return draw(text);
      // The phase is the status without its counters ("3/10 parts" and "4/10 parts" are one phase).
      const finished = total !== undefined && total > 0 && done >= total;
      line(text, `${(status ?? "").replace(/\d+/g, "#")}${finished ? "|done" : ""}`);
    },
    wait(state, elapsedMs, timeoutMs) {
      if (!enabled) return;
      waiting = { state, elapsedMs, ...(timeoutMs ? { timeoutMs } : {}), at: now() };
      if (!tty) return line(waitText(waiting, elapsedMs), state);
      draw(`${SPINNER[frame++ % SPINNER.length]} ${waitText(waiting, elapsedMs)}`);
      if (!ticker && tickMs > 0) {
        ticker = schedule(() => {
          if (waiting) draw(`${SPINNER[frame++ % SPINNER.length]} ${waitText(waiting, waiting.elapsedMs + now() - waiting.at)}`);
        }, tickMs);
      }
    },
    note(message) {
      if (!enabled) return;
      const resume = waiting;
      if (tty && drawn) stream.write("\r\x1b[2K");
      stream.write(`${message}\n`);
      drawn = false;
      if (!resume) stopTicker();
    },
    done(message) {
      if (!enabled) return;
      clear();
      if (message) stream.write(`${message}\n`);
    },
  };
}

function bar(done: number, total: number | undefined): string {
  if (!total) return "";
  const fraction = Math.max(0, Math.min(1, done / total));
  const width = 24;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor(fraction * 100)}% `;
}

/** 45s, 3m05s, 30m, 1h02m: the time waited, to the precision a person reads it at. */
export function formatElapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m}m${String(s % 60).padStart(2, "0")}s` : `${m}m`;
  return m % 60 ? `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m` : `${m / 60}h`;
}
