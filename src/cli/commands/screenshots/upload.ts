import { defineCommand } from "../../define-command.js";
import { LAYOUT_HELP, runMediaUpload, uploadOptions } from "./media-commands.js";

export default defineCommand({
  noun: "screenshots",
  verb: "upload",
  summary: "Upload App Store screenshots from a folder per locale and display type (checked locally first; idempotent)",
  args: ["<dir>"],
  options: uploadOptions,
  examples: [
    `asckit screenshots upload ./media --app com.example.app --version 1.2.0   # ${LAYOUT_HELP.screenshots.folder}`,
    `asckit screenshots upload ./shots.json --version-id 1234567890   # ${LAYOUT_HELP.screenshots.manifest}`,
    "asckit screenshots upload ./media --version-id 1234567890 --replace --dry-run   # plan: make each set match the folder, order included",
    "asckit screenshots upload ./media --app com.example.app   # sizes: APP_IPHONE_67 1320×2868, 1290×2796 or 1260×2736; APP_IPHONE_65 1284×2778 or 1242×2688; APP_IPAD_PRO_3GEN_129 2064×2752 or 2048×2732 (or landscape); 1–10 per set",
  ],
  async run(ctx, [dir], opts) {
    await runMediaUpload(ctx, "screenshots", dir!, opts);
  },
});
