/** The longest a sliced sleep keeps running after its signal fired. */
const SLICE_MS = 250;

/**
 * The injected sleep, ending early (rejecting with the signal's reason) when `signal` aborts, so a
 * wait or a retry back-off stops soon after Ctrl-C. The sleep is taken in short slices: a slice
 * already started cannot be cancelled through the injected function, and a long one would keep the
 * process alive after the command has finished. The slices add up to `ms`, so fake clocks in tests
 * advance exactly as with one sleep.
 */
export async function abortableSleep(sleep: (ms: number) => Promise<void>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return sleep(ms);
  let left = ms;
  while (left > 0) {
    signal.throwIfAborted();
    const slice = Math.min(left, SLICE_MS);
    await sleep(slice);
    left -= slice;
  }
  signal.throwIfAborted();
}
