export { registerBuildUploads } from "./register-build-uploads.js";
export { partSizeFor } from "./part-size.js";
