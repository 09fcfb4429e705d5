// Every command the CLI knows. Command modules are small; their workflows load only when run.
import type { CommandSpec } from "../define-command.js";
import apiCall from "./api/call.js";
import appsGet from "./apps/get.js";
import appsList from "./apps/list.js";
import authList from "./auth/list.js";
import authLogin from "./auth/login.js";
import authLogout from "./auth/logout.js";
import authStatus from "./auth/status.js";
import authUse from "./auth/use.js";
import buildsGet from "./builds/get.js";
import buildsList from "./builds/list.js";
import buildsWait from "./builds/wait.js";
import buildsLatest from "./builds/latest.js";
import buildsNextNumber from "./builds/next-number.js";
import buildsUpload from "./builds/upload.js";
import buildsExpire from "./builds/expire.js";
import buildsCompliance from "./builds/compliance.js";
import ipaInspect from "./ipa/inspect.js";
import bundleIdsCreate from "./bundle-ids/create.js";
import bundleIdsGet from "./bundle-ids/get.js";
import bundleIdsList from "./bundle-ids/list.js";
import demo from "./demo/run.js";
import emulatorStart from "./emulator/start.js";
import screenshotsUpload from "./screenshots/upload.js";
import screenshotsList from "./screenshots/list.js";
import previewsUpload from "./previews/upload.js";
import previewsList from "./previews/list.js";
import analyticsDownload from "./analytics/download.js";
import analyticsInstances from "./analytics/instances.js";
import analyticsReports from "./analytics/reports.js";
import analyticsRequest from "./analytics/request.js";
import mcpServe from "./mcp/serve.js";
import reportsFinance from "./reports/finance.js";
import reportsSales from "./reports/sales.js";
import reportsSummary from "./reports/summary.js";
import testflightDistribute from "./testflight/distribute.js";
import testflightStatus from "./testflight/status.js";
import testflightGroupsList from "./testflight/groups-list.js";
import testflightGroupsCreate from "./testflight/groups-create.js";
import testflightGroupsDelete from "./testflight/groups-delete.js";
import testflightInfoGet from "./testflight/info-get.js";
import testflightInfoSet from "./testflight/info-set.js";
import testflightWhatToTestGet from "./testflight/what-to-test-get.js";
import testflightWhatToTestSet from "./testflight/what-to-test-set.js";
import testersList from "./testers/list.js";
import testersAdd from "./testers/add.js";
import testersRemove from "./testers/remove.js";
import testersInvite from "./testers/invite.js";
import testersImport from "./testers/import.js";
import testersExport from "./testers/export.js";
import versionsList from "./versions/list.js";
import versionsGet from "./versions/get.js";
import versionsCreate from "./versions/create.js";
import versionsUpdate from "./versions/update.js";
import versionsRelease from "./versions/release.js";
import metadataPull from "./metadata/pull.js";
import metadataPlan from "./metadata/plan.js";
import metadataApply from "./metadata/apply.js";
import metadataSet from "./metadata/set.js";
import reviewCheck from "./review/check.js";
import reviewSubmit from "./review/submit.js";
import reviewStatus from "./review/status.js";
import reviewCancel from "./review/cancel.js";
import reviewDetails from "./review/details.js";
import phasedReleaseStart from "./phased-release/start.js";
import phasedReleasePause from "./phased-release/pause.js";
import phasedReleaseResume from "./phased-release/resume.js";
import phasedReleaseComplete from "./phased-release/complete.js";
import phasedReleaseStatus from "./phased-release/status.js";

export const commands: readonly CommandSpec[] = [
  authLogin,
  authStatus,
  authList,
  authUse,
  authLogout,
  appsList,
  appsGet,
  buildsList,
  buildsGet,
  buildsWait,
  buildsLatest,
  buildsNextNumber,
  buildsUpload,
  buildsExpire,
  buildsCompliance,
  ipaInspect,
  bundleIdsList,
  bundleIdsGet,
  bundleIdsCreate,
  apiCall,
  versionsList,
  versionsGet,
  versionsCreate,
  versionsUpdate,
  versionsRelease,
  metadataPull,
  metadataPlan,
  metadataApply,
  metadataSet,
  reviewCheck,
  reviewSubmit,
  reviewStatus,
  reviewCancel,
  reviewDetails,
  phasedReleaseStart,
  phasedReleasePause,
  phasedReleaseResume,
  phasedReleaseComplete,
  phasedReleaseStatus,
  screenshotsUpload,
  screenshotsList,
  previewsUpload,
  previewsList,
  reportsSales,
  reportsFinance,
  reportsSummary,
  analyticsRequest,
  analyticsReports,
  analyticsInstances,
  analyticsDownload,
  testflightDistribute,
  testflightStatus,
  testflightGroupsList,
  testflightGroupsCreate,
  testflightGroupsDelete,
  testflightInfoGet,
  testflightInfoSet,
  testflightWhatToTestGet,
  testflightWhatToTestSet,
  testersList,
  testersAdd,
  testersRemove,
  testersInvite,
  testersImport,
  testersExport,
  emulatorStart,
  mcpServe,
  demo,
];
