// Builds beyond list/get/wait (../builds.ts): build numbers, expiry, export compliance, upload.
export { compareBuildNumbers, highestBuildNumber, incrementBuildNumber, isValidBuildNumber, isValidVersionString, sameBuildNumber } from "./build-number.js";
export { usedBuildNumbers, uploadState, type UsedBuildNumber, type UsedBuildNumbersOptions } from "./used-build-numbers.js";
export { nextBuildNumber, type BuildNumberQuery, type NextBuildNumber } from "./next-build-number.js";
export { latestBuild, type LatestBuild } from "./latest-build.js";
export { expireBuild, expireBuilds, findBuildsToExpire, getBuildForExpiry, inUseReason, type ExpireOutcome, type ExpiryQuery } from "./expire-builds.js";
export { ensureExportCompliance, setExportCompliance, MissingExportComplianceError, type ExportCompliance } from "./export-compliance.js";
export { uploadBuild, waitForBuildUpload, type WaitForBuildUploadOptions, type UploadBuildOptions, type UploadBuildResult, type UploadProgress } from "./upload-build.js";
export { fileUploadJournal, memoryUploadJournal, journalKey, type UploadJournal, type UploadJournalEntry } from "./upload-journal.js";
export { checkBuildSlot, buildSlotOf, buildSlotError, type BuildSlot, type SlotPackage } from "./check-build-slot.js";
export { BuildNumberTakenError } from "./build-number-taken-error.js";
export { checkVersionTrain, trainOf, VersionTrainClosedError, type ApprovedVersion, type VersionTrain } from "./version-train.js";
export { waitForUploadedBuild, waitForUploadThenBuild, waitForBuildOrUpload, type UploadWaitOptions, type UploadedBuild, type BuildUploadWaitResult } from "./wait-for-upload.js";
export { UploadInterruptedError } from "./upload-interrupted-error.js";
