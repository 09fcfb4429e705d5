// A reader that goes away (`asckit … | head -1`) ends the CLI quietly with 141; other stream
// errors are not hidden.
import { EventEmitter } from "node:events";
import { describe, expect, it } from "vitest";
import { guardClosedPipe, isClosedPipe } from "../../../src/cli/io.js";

const errno = (code: string) => Object.assign(new Error(`write ${code}`), { code });

describe("guardClosedPipe", () => {
  it("exits with 141 on EPIPE, once per stream however often it is guarded", () => {
    const stream = new EventEmitter() as unknown as NodeJS.WritableStream;
    const exits: number[] = [];
    guardClosedPipe(stream, (code) => exits.push(code));
    guardClosedPipe(stream, (code) => exits.push(code));
    stream.emit("error", errno("EPIPE"));
    expect(exits).toEqual([141]);
  });

  it("rethrows any other stream error", () => {
    const stream = new EventEmitter() as unknown as NodeJS.WritableStream;
    guardClosedPipe(stream, () => expect.fail("must not exit"));
    expect(() => stream.emit("error", errno("ENOSPC"))).toThrow("write ENOSPC");
  });
});

it("isClosedPipe", () => {
  expect([errno("EPIPE"), errno("ERR_STREAM_DESTROYED"), errno("ECONNRESET"), new Error("x"), undefined].map(isClosedPipe)).toEqual([true, true, false, false, false]);
});
