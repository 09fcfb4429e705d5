import type { CommitResult } from "./upload-storage.js";

/** What this needs of an operation: Apple's media `UploadOperation` has no `expiration`, the build upload's has. */
interface Operation {
  url: string;
  expiration?: string;
}

/** When an operation stops being good: its `expiration`, else the `Expires` (Unix seconds) of its URL. */
const expiresAt = (op: Operation) => (op.expiration !== undefined ? Date.parse(op.expiration) : Number(new URL(op.url).searchParams.get("Expires") ?? NaN) * 1000);

/**
 * The storage holds reservations in memory while the API's data may live in a file: after a restart
 * an asset or build upload file can still be AWAITING_UPLOAD with operations that point at storage
 * which no longer exists (or at another port). Apple has one way of saying a reservation is dead,
 * expiry, so such operations are shown expired at the reservation time (the latest moment they are
 * known to have been good): the `Expires` of each URL and, where there is one, its `expiration`. A
 * client then deletes the reservation and makes a new one instead of sending parts nobody will take.
 * Returns the rewritten operations, or undefined when they already read as expired.
 */
export function expireLostOperations<T extends Operation>(operations: readonly T[], reservedAt: number): T[] | undefined {
  const at = Math.min(reservedAt, ...operations.map(expiresAt).filter(Number.isFinite));
  if (operations.every((op) => expiresAt(op) <= at)) return undefined;
  return operations.map((op) => {
    const url = new URL(op.url);
    url.searchParams.set("Expires", String(Math.floor(at / 1000)));
    return { ...op, url: url.toString(), ...(op.expiration !== undefined ? { expiration: new Date(at).toISOString() } : {}) };
  });
}

/** What committing such a reservation answers: what the storage answers for one past its time. */
export function lostReservationCommit(whatToDo: string): Extract<CommitResult, { ok: false }> {
  return { ok: false, code: "UPLOAD_EXPIRED", description: `The upload reservation has expired; ${whatToDo}.` };
}
