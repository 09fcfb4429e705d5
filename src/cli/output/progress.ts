/**
 * Progress for long work: a redrawn bar on a TTY, otherwise one line per `intervalMs` (and on every
 * change of status), so CI logs show movement without flooding. Always on stderr.
 */
export interface Progress {
  update(done: number, total: number | undefined, status?: string): void;
  note(message: string): void;
  done(message?: string): void;
}

export function createProgress(options: {
  stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  label: string;
  now: () => number;
  intervalMs?: number;
  enabled?: boolean;
}): Progress {
  const { stream, label, now } = options;
  const tty = Boolean(stream.isTTY);
  const interval = options.intervalMs ?? 5000;
  let lastLine = 0;
  let lastStatus: string | undefined;
  let drawn = false;
  const enabled = options.enabled ?? true;

  const bar = (done: number, total: number | undefined) => {
    if (!total) return "";
    const width = 24;
    const filled = Math.min(width, Math.round((done / total) * width));
    return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.floor((done / total) * 100)}% `;
  };

  return {
    update(done, total, status) {
      if (!enabled) return;
      const text = `${label} ${bar(done, total)}${status ?? ""}`.trimEnd();
      if (tty) {
        stream.write(`\r\x1b[2K${text}`);
        drawn = true;
        return;
      }
      const t = now();
      if (status !== lastStatus || t - lastLine >= interval) {
        stream.write(`${text}\n`);
        lastLine = t;
        lastStatus = status;
      }
    },
    note(message) {
      if (!enabled) return;
      if (tty && drawn) stream.write("\r\x1b[2K");
      stream.write(`${message}\n`);
      drawn = false;
    },
    done(message) {
      if (!enabled) return;
      if (tty && drawn) stream.write("\r\x1b[2K");
      if (message) stream.write(`${message}\n`);
      drawn = false;
    },
  };
}
