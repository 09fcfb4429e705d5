import os from "node:os";
import path from "node:path";
import { ValidationError } from "../../../errors/asckit-error.js";
import { assertReadableFile } from "../../check-paths.js";
import { defineCommand } from "../../define-command.js";
import { parseDuration } from "../../parse-duration.js";
import { parsePollInterval } from "../../poll-interval.js";

export default defineCommand({
  noun: "builds",
  verb: "upload",
  summary: "Upload an .ipa or .pkg through Apple's Build Upload API (resumes an interrupted upload)",
  args: ["<file>"],
  options: [
    { flags: "--app <id>", description: "app id (default: the app with the package's bundle id)" },
    { flags: "--bundle-id <id>", description: "the app's exact bundle id" },
    { flags: "--wait", description: "wait until the upload is processed and the build is VALID" },
    { flags: "--dry-run", description: "inspect and check, print the plan; upload nothing" },
    { flags: "--concurrency <n>", description: "parts sent at once", default: "4" },
    { flags: "--timeout <duration>", description: "with --wait: give up after this long", default: "60m" },
    { flags: "--interval <duration>", description: "with --wait: time between polls", default: "30s" },
  ],
  examples: ["asckit builds upload build/Demo.ipa --wait", "asckit builds upload Demo.ipa --bundle-id com.example.app --dry-run", "asckit builds upload Demo.pkg --app 1234567890"],
  async run(ctx, [file], opts) {
    if (opts.app !== undefined && opts.bundleId !== undefined) throw new ValidationError("Pass --app or --bundle-id, not both.", { category: "usage", field: "--bundle-id" });
    const concurrency = Number(opts.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new ValidationError(`--concurrency must be a whole number from 1 to 32, got "${String(opts.concurrency)}".`, { category: "usage", field: "--concurrency" });
    const timeoutMs = parseDuration(String(opts.timeout), "--timeout");
    const intervalMs = await parsePollInterval(ctx, opts.interval);
    const filePath = path.resolve(ctx.io.cwd, file!);
    // As `ipa inspect`: a mistyped path (missing, a directory, unreadable) is a usage error (2), not a bad package (8).
    assertReadableFile(filePath, "FILE");

    // The package is checked before any request: a bad file never costs a round trip.
    const { inspectPackage } = await import("../../../workflows/packages/index.js");
    const info = await inspectPackage(filePath);
    ctx.info(`${path.basename(filePath)}: ${info.bundleId} ${info.marketingVersion} (${info.buildNumber}), ${info.platform}, ${info.fileSize} bytes`);

    const { uploadBuild } = await import("../../../workflows/builds/upload-build.js");
    const { fileUploadJournal } = await import("../../../workflows/builds/upload-journal.js");
    const { defaultConfigDir } = await import("../../../auth/profile-store.js");
    const journal = fileUploadJournal(path.join(defaultConfigDir(ctx.io.env, ctx.io.env.HOME ?? os.homedir()), "uploads"));
    const { UploadInterruptedError } = await import("../../../workflows/builds/upload-interrupted-error.js");
    const client = await ctx.client();
    const progress = ctx.progress(`upload ${path.basename(filePath)}`);
    // Ctrl-C stops the upload cleanly (the journal keeps what arrived) and says how to resume. The
    // listener replaces Node's exit on SIGINT, so it is there only while uploadBuild runs, which
    // honours the signal in every step; a second Ctrl-C, with the listener gone, ends the process.
    const stop = new AbortController();
    const onSigint = () => stop.abort(new Error("interrupted"));
    process.once("SIGINT", onSigint);
    let result: Awaited<ReturnType<typeof uploadBuild>> | undefined;
    try {
      result = await uploadBuild(client, {
        signal: stop.signal,
        file: filePath,
        info,
        app: (opts.app ?? opts.bundleId) as string | undefined,
        journal,
        concurrency,
        wait: opts.wait === true,
        dryRun: opts.dryRun === true,
        timeoutMs,
        intervalMs,
        now: ctx.io.now,
        sleep: ctx.io.sleep,
        onProgress(p) {
          if (p.phase === "checksum") progress.update(p.bytesDone, p.bytesTotal, "checksum");
          else if (p.phase === "upload") progress.update(p.bytesDone, p.bytesTotal, `${p.partsDone}/${p.partsTotal} parts`);
          else if (p.phase === "commit") progress.note("all parts sent; committing");
          // Processing has no known fraction: the state and the time waited, never elapsed/timeout as a percentage.
          else if (p.phase === "processing") progress.wait(`upload ${p.uploadState}${p.processingState ? `, build ${p.processingState}` : ""}`, p.elapsedMs, timeoutMs);
          else progress.note(p.message);
        },
      });
    } catch (error) {
      if (!(error instanceof UploadInterruptedError)) throw error;
      progress.done();
      ctx.info(`interrupted (Ctrl-C): ${error.message}`);
    } finally {
      process.removeListener("SIGINT", onSigint);
      progress.done();
    }
    if (!result) return 130; // 128 + SIGINT, as shells report a command stopped by Ctrl-C
    if (result.dryRun) for (const line of result.plan) ctx.info(`plan: ${line}`);
    else if (!opts.wait && result.buildUploadId && !result.buildId) ctx.info(`next: \`asckit builds wait ${result.buildUploadId}\` waits until the upload is processed and its build is VALID.`);
    ctx.printRecord({
      buildUploadId: result.buildUploadId,
      action: result.action,
      ...(result.dryRun ? { dryRun: true } : {}),
      uploadState: result.uploadState,
      buildId: result.buildId,
      processingState: result.processingState,
      appId: result.appId,
      bundleId: result.bundleId,
      cfBundleShortVersionString: info.marketingVersion,
      cfBundleVersion: info.buildNumber,
      platform: info.platform,
      fileSize: info.fileSize,
      partsTotal: result.partsTotal,
      partsSent: result.partsSent,
      partsSkipped: result.partsSkipped,
    });
  },
});
