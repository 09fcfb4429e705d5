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
export function deadReservationReason(failure: unknown, options: { reservedEarlier?: boolean } = {}): string | undefined {
  if (failure instanceof AscApiError) {
    const code = failure.code ? ` ${failure.code}` : "";
    if (failure.status === 404 || failure.status === 410) return `the storage answered ${failure.status}${code}`;
    if (failure.status === 403 && /expired/i.test(`${failure.detail ?? ""} ${failure.message}`)) return `the storage answered 403${code}: the upload URLs expired`;
    if (failure.status === 409 && /(^|\.)UPLOAD_EXPIRED$/.test(failure.code ?? "")) return `App Store Connect answered 409${code}: the reservation expired`;
  }
  if (options.reservedEarlier && failure instanceof NetworkError && failure.connectFailed) return `its storage host cannot be reached (${failure.code ?? "connection failed"})`;
  return undefined;
}
