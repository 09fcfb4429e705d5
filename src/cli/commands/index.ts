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
import bundleIdsCreate from "./bundle-ids/create.js";
import bundleIdsGet from "./bundle-ids/get.js";
import bundleIdsList from "./bundle-ids/list.js";
import demo from "./demo/run.js";
import emulatorStart from "./emulator/start.js";

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
  bundleIdsList,
  bundleIdsGet,
  bundleIdsCreate,
  apiCall,
  emulatorStart,
  demo,
];
