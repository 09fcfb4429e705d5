// TestFlight workflows: groups, testers (add/remove/invite/import/export), beta metadata, distribution.
export { createGroup, deleteGroup, findGroup, groupView, kindOf, listGroupsOfApp, pickGroup, validateNewGroup, MAX_PUBLIC_LINK_LIMIT, type CreateGroupResult, type GroupKind, type NewGroup } from "./beta-groups.js";
export { checkEmails, inviteTester, linkTestersToGroup, listAppTesters, removeTesters, LINK_BATCH_SIZE, type AppTester, type RemoveTestersResult, type TesterQuery } from "./testers.js";
export { formatTesterCsv, isValidEmail, parseTesterCsv, splitGroups, type CsvProblem, type ParsedTesterCsv, type TesterRow } from "./tester-csv.js";
export { checkTesterLimit, TESTER_LIMITS } from "./tester-limits.js";
export { importTesters, rowsWithoutGroup, type ImportFailure, type ImportTestersOptions, type ImportTestersResult } from "./import-testers.js";
export { describeLines, InvalidRowsError, type InvalidRowsErrorOptions } from "./invalid-rows-error.js";
export { exportTesters, type ExportedTester } from "./export-testers.js";
export { getBetaInfo, reviewDetailView, setBetaInfo, validateBetaInfo, validateLocale, type BetaInfo, type BetaInfoChange, type BetaLocalizationInput, type ReviewDetailInput, type SetBetaInfoResult } from "./beta-info.js";
export { getWhatToTest, setWhatToTest, validateWhatToTest, type WhatToTestChange } from "./what-to-test.js";
export { checkBetaReadiness, primaryLocalization } from "./beta-readiness.js";
export { submitForBetaReview, waitForBetaReview, type SubmitResult } from "./beta-review.js";
export { checkBuildRef, getTestflightBuild, resolveBuild, testflightStatus, type BuildRef } from "./build-ref.js";
export { distributeBuild, distributionOf, BetaNotReadyError, type DistributeOptions, type DistributeResult, type DistributeStep } from "./distribute.js";
export { runBounded, type Settled } from "./run-bounded.js";
