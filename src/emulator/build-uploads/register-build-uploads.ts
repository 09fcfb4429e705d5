import type { EmulatorEngine } from "../engine/index.js";
import type { UploadStorage } from "../storage/index.js";
import { createBuildUploadFileRules, createCommitHandler } from "./build-upload-file-rules.js";
import { createBuildUploadRules } from "./build-upload-rules.js";
import { uploadStateOf } from "./upload-state.js";

/**
 * Reads through which a build made from an upload can first appear. Before serving them, uploads
 * whose processing time has passed are settled, so a new build shows up in lists without anyone
 * reading its buildUpload first (state is derived from the clock; there are no timers).
 */
const BUILD_LISTINGS = [
  "builds_getCollection",
  "apps_builds_getToManyRelated",
  "preReleaseVersions_builds_getToManyRelated",
  "preReleaseVersions_getCollection",
  "apps_preReleaseVersions_getToManyRelated",
  "buildBetaDetails_getCollection",
];

/** Apple's Build Upload API: buildUploads and buildUploadFiles over the emulator's upload storage. */
export function registerBuildUploads(engine: EmulatorEngine, deps: { storage: UploadStorage }): void {
  engine.rules.register("buildUploads", createBuildUploadRules(engine, deps.storage));
  engine.rules.register("buildUploadFiles", createBuildUploadFileRules(deps.storage));
  engine.registerHandler("buildUploadFiles_updateInstance", createCommitHandler(engine, deps.storage));
  const settlePending = (now: number) => {
    const data = engine.data(now);
    // Reading an upload runs its onRead rule, which settles it when its time has come.
    for (const u of engine.store.list("buildUploads")) if (uploadStateOf(u.attributes) === "PROCESSING") data.get(u.type, u.id);
  };
  for (const operationId of BUILD_LISTINGS) {
    engine.registerHandler(operationId, (request) => {
      settlePending(request.now);
      return undefined;
    });
  }
}
