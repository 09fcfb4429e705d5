// Every tool the MCP server knows, in the order agents see them. The server decides which are served.
import type { ToolDefinition } from "../tool-definition.js";
import apiGet from "./api-get.js";
import authStatus from "./auth-status.js";
import buildStatus from "./build-status.js";
import createBundleId from "./create-bundle-id.js";
import distributeBuild from "./distribute-build.js";
import expireBuilds from "./expire-builds.js";
import getApp from "./get-app.js";
import getBuild from "./get-build.js";
import getBundleId from "./get-bundle-id.js";
import importTesters from "./import-testers.js";
import latestBuild from "./latest-build.js";
import listApps from "./list-apps.js";
import listBetaGroups from "./list-beta-groups.js";
import listBuilds from "./list-builds.js";
import listBundleIds from "./list-bundle-ids.js";
import listTesters from "./list-testers.js";
import metadataApply from "./metadata-apply.js";
import metadataPlan from "./metadata-plan.js";
import nextBuildNumber from "./next-build-number.js";
import releaseVersion from "./release-version.js";
import removeTesters from "./remove-testers.js";
import reportsSummary from "./reports-summary.js";
import reviewCancel from "./review-cancel.js";
import reviewCheck from "./review-check.js";
import reviewStatus from "./review-status.js";
import reviewSubmit from "./review-submit.js";
import setBetaInfo from "./set-beta-info.js";
import setExportCompliance from "./set-export-compliance.js";
import updateVersion from "./update-version.js";
import waitForBuild from "./wait-for-build.js";

export const allTools: readonly ToolDefinition[] = [
  authStatus,
  listApps,
  getApp,
  listBuilds,
  getBuild,
  buildStatus,
  waitForBuild,
  latestBuild,
  nextBuildNumber,
  setExportCompliance,
  expireBuilds,
  listBetaGroups,
  listTesters,
  setBetaInfo,
  distributeBuild,
  importTesters,
  removeTesters,
  metadataPlan,
  metadataApply,
  updateVersion,
  reviewCheck,
  reviewSubmit,
  reviewStatus,
  reviewCancel,
  releaseVersion,
  listBundleIds,
  getBundleId,
  createBundleId,
  reportsSummary,
  apiGet,
];
