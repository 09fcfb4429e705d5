import { AscApiError, NetworkError } from "../client/index.js";

/**
 * Why a failed part upload or commit means its reservation is gone rather than a passing problem,
 * or undefined: the storage no longer knows the upload (404 NoSuchUpload, 410), its signature
 * expired (403 "Request has expired"), or App Store Connect refused the commit because the
 * reservation expired (409 …UPLOAD_EXPIRED; Apple: "An expired reservation makes the upload or
 * commit fail: delete it and start over"). Waiting or re-sending cannot help any of these; only a
 * new reservation can. A storage host that does not answer at all counts only for a reservation
 * made by an earlier run (`reservedEarlier`), which may point at a server that moved; for one made
 * moments ago it is network trouble to report, not a reason to start over.
 */
function deadReservationReason(failure: unknown, reservedEarlier: boolean): string | undefined {
  if (failure instanceof AscApiError) {
    const code = failure.code ? ` ${failure.code}` : "";
    if (failure.status === 404 || failure.status === 410) return `the storage answered ${failure.status}${code}`;
    if (failure.status === 403 && /expired/i.test(`${failure.detail ?? ""} ${failure.message}`)) return `the storage answered 403${code}: the upload URLs expired`;
    if (failure.status === 409 && /(^|\.)UPLOAD_EXPIRED$/.test(failure.code ?? "")) return `App Store Connect answered 409${code}: the reservation expired`;
  }
  if (reservedEarlier && failure instanceof NetworkError && failure.connectFailed) return `its storage host cannot be reached (${failure.code ?? "connection failed"})`;
  return undefined;
}

export interface RetryIfDeadOptions {
  /**
   * The reservation was made by an earlier run (a build upload resumed from its journal, a media
   * reservation an interrupted run left), so an unreachable storage host condemns it too. Fresh
   * reservations leave it out.
   */
  reservedEarlier?: boolean;
  /** Deletes the dead reservation and makes a new one, so that `attempt` sends to it; `reason` says why. */
  startOver: (reason: string) => Promise<void>;
}

/**
 * Sends a reservation's bytes (`attempt`); when that fails because the reservation is dead (the rule
 * above, the same for build packages and media), starts over once and sends again. Once: a brand
 * new reservation that dies too is not something a third one would fix, so that failure is thrown
 * as it is, like every other failure.
 */
export async function retryOnceIfDead<T>(attempt: () => Promise<T>, options: RetryIfDeadOptions): Promise<T> {
  try {
    return await attempt();
  } catch (error) {
    const reason = deadReservationReason(error, options.reservedEarlier === true);
    if (!reason) throw error;
    await options.startOver(reason);
    return attempt();
  }
}
