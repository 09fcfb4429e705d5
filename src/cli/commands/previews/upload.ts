import { defineCommand } from "../../define-command.js";
import { LAYOUT_HELP, runMediaUpload, uploadOptions } from "../screenshots/media-commands.js";

export default defineCommand({
  noun: "previews",
  verb: "upload",
  summary: "Upload App Store app previews (.mp4/.mov/.m4v, 15–30 s) from a folder per locale and preview type",
  args: ["<dir>"],
  options: uploadOptions,
  examples: [
    `asckit previews upload ./media --app com.example.app --version 1.2.0   # ${LAYOUT_HELP.previews.folder}`,
    `asckit previews upload ./previews.json --version-id 1234567890   # ${LAYOUT_HELP.previews.manifest}`,
    "asckit previews upload ./media --app com.example.app   # checked from the file: 15–30 s, iPhone 886×1920, iPad 1200×1600 (or landscape), ≤30 fps, ≤500 MB, 1–3 per set",
  ],
  async run(ctx, [dir], opts) {
    await runMediaUpload(ctx, "previews", dir!, opts);
  },
});
