import { createHash, randomBytes } from "node:crypto";
import type { ApiResult } from "../engine-types.js";
import type { ExtraRoute } from "../http/extra-route.js";

/** One pre-signed part upload, shaped like Apple's `UploadOperation` / `DeliveryFileUploadOperation`. */
export interface UploadOperation {
  method: "PUT";
  url: string;
  length: number;
  offset: number;
  requestHeaders: Array<{ name: string; value: string }>;
  partNumber: number;
  expiration: string;
}

export type CommitResult =
  | { ok: true; md5: string; sha256: string; size: number; /** With `returnBytes`: the whole file, for asset processing. */ bytes?: Buffer }
  | { ok: false; code: string; description: string };

interface Reservation {
  key: string;
  token: string;
  fileSize: number;
  contentType: string;
  operations: UploadOperation[];
  parts: Map<number, Buffer>;
  expiresAt: number;
  committed: boolean;
}

export interface UploadStorage {
  /** Splits a file into parts and returns their pre-signed operations (re-reserving a key returns the same ones). */
  reserve(options: { key: string; fileSize: number; contentType: string; baseUrl: string; now: number; partSize?: number; ttlMs?: number }): UploadOperation[];
  /** Checks every byte arrived and the checksum matches; after a commit no more parts are accepted. */
  commit(key: string, checksum: { algorithm: "MD5" | "SHA_256"; hash: string } | undefined, now: number, options?: { returnBytes?: boolean }): CommitResult;
  /** Bytes received so far for a reservation. */
  received(key: string): number;
  /**
   * Whether this storage holds the reservation. It lives in memory, so after a restart on a data
   * file the API still lists reservations whose storage is gone; their owners treat them as expired.
   */
  has(key: string): boolean;
  discard(key: string): void;
  /** The storage host: PUT /storage/uploads/<token>/<part>?Expires=… */
  route: ExtraRoute;
}

const DEFAULT_PART = 5 * 1024 * 1024;
const DAY = 24 * 3600 * 1000;

/** Storage errors come back as XML, the way Apple's storage hosts answer. */
export function xmlError(status: number, code: string, message: string): ApiResult {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(8).toString("hex").toUpperCase()}</RequestId></Error>`;
  return { status, body: Buffer.from(body), headers: { "content-type": "application/xml" } };
}

/**
 * The emulator's stand-in for Apple's asset storage: pre-signed, unauthenticated part uploads that
 * refuse an Authorization header (as Apple's storage does), check each part's length and expiry, and
 * verify size and checksum on commit.
 */
export function createUploadStorage(): UploadStorage {
  const byKey = new Map<string, Reservation>();
  const byToken = new Map<string, Reservation>();

  const route: ExtraRoute = {
    method: "PUT",
    path: /^\/storage\/uploads\/(?<token>[a-f0-9]+)\/(?<part>\d+)$/,
    handle(req) {
      if (req.headers.authorization !== undefined) {
        return xmlError(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified");
      }
      const reservation = byToken.get(req.match.groups!.token!);
      const partNumber = Number(req.match.groups!.part);
      const op = reservation?.operations.find((o) => o.partNumber === partNumber);
      if (!reservation || !op) return xmlError(404, "NoSuchUpload", "The specified upload does not exist.");
      if (Number(req.query.Expires) * 1000 < req.now || req.now > reservation.expiresAt) return xmlError(403, "AccessDenied", "Request has expired");
      if (reservation.committed) return xmlError(403, "AccessDenied", "The upload has already been committed.");
      if (req.body.length !== op.length) {
        return xmlError(400, "IncompleteBody", `You did not provide the number of bytes specified by the Content-Length HTTP header (expected ${op.length}, got ${req.body.length}).`);
      }
      for (const h of op.requestHeaders) {
        const sent = req.headers[h.name.toLowerCase()];
        if (sent !== h.value) return xmlError(400, "InvalidRequest", `Missing or wrong header ${h.name}: expected "${h.value}".`);
      }
      reservation.parts.set(partNumber, Buffer.from(req.body));
      const etag = `"${createHash("md5").update(req.body).digest("hex")}"`;
      return { status: 200, body: Buffer.alloc(0), headers: { etag } };
    },
  };

  return {
    reserve({ key, fileSize, contentType, baseUrl, now, partSize = DEFAULT_PART, ttlMs = 7 * DAY }) {
      const existing = byKey.get(key);
      if (existing) return existing.operations;
      const token = randomBytes(16).toString("hex");
      const expiresAt = now + ttlMs;
      const operations: UploadOperation[] = [];
      for (let offset = 0, part = 1; offset < fileSize; offset += partSize, part++) {
        operations.push({
          method: "PUT",
          url: `${baseUrl}/storage/uploads/${token}/${part}?Expires=${Math.floor(expiresAt / 1000)}&Signature=${randomBytes(12).toString("hex")}`,
          length: Math.min(partSize, fileSize - offset),
          offset,
          requestHeaders: [{ name: "Content-Type", value: contentType }],
          partNumber: part,
          expiration: new Date(expiresAt).toISOString(),
        });
      }
      const reservation: Reservation = { key, token, fileSize, contentType, operations, parts: new Map(), expiresAt, committed: false };
      byKey.set(key, reservation);
      byToken.set(token, reservation);
      return operations;
    },
    commit(key, checksum, now, options = {}) {
      const r = byKey.get(key);
      if (!r) return { ok: false, code: "UPLOAD_NOT_FOUND", description: "No upload was reserved for this asset." };
      if (now > r.expiresAt) return { ok: false, code: "UPLOAD_EXPIRED", description: "The upload reservation has expired; delete the asset and reserve it again." };
      const missing = r.operations.filter((o) => !r.parts.has(o.partNumber)).map((o) => o.partNumber);
      const size = [...r.parts.values()].reduce((a, b) => a + b.length, 0);
      if (missing.length || size !== r.fileSize) {
        return { ok: false, code: "FILE_SIZE_MISMATCH", description: `Received ${size} of ${r.fileSize} bytes${missing.length ? `; parts ${missing.join(", ")} missing` : ""}.` };
      }
      const md5 = createHash("md5");
      const sha = createHash("sha256");
      for (const op of r.operations) {
        md5.update(r.parts.get(op.partNumber)!);
        sha.update(r.parts.get(op.partNumber)!);
      }
      const result = { md5: md5.digest("hex"), sha256: sha.digest("hex") };
      if (checksum) {
        const expected = checksum.algorithm === "MD5" ? result.md5 : result.sha256;
        if (checksum.hash.toLowerCase() !== expected) {
          return { ok: false, code: "CHECKSUM_MISMATCH", description: `The ${checksum.algorithm} checksum ${checksum.hash} does not match the uploaded bytes.` };
        }
      }
      r.committed = true;
      const bytes = options.returnBytes ? Buffer.concat(r.operations.map((o) => r.parts.get(o.partNumber)!)) : undefined;
      r.parts.clear(); // the bytes are no longer needed once verified
      return { ok: true, ...result, size, ...(bytes ? { bytes } : {}) };
    },
    has: (key) => byKey.has(key),
    received(key) {
      const r = byKey.get(key);
      return r ? [...r.parts.values()].reduce((a, b) => a + b.length, 0) : 0;
    },
    discard(key) {
      const r = byKey.get(key);
      if (!r) return;
      byKey.delete(key);
      byToken.delete(r.token);
    },
    route,
  };
}
