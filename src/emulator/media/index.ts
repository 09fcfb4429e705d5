// Screenshots and app previews: sets, assets, the upload protocol and asset processing.
export { registerMedia } from "./register-media.js";
export { scriptMediaOutcome, type ScriptedMediaOutcome } from "./media-scenario.js";
