import { defineCommand } from "../../define-command.js";
import { phasedReleaseCommand } from "./phased-command.js";

export default defineCommand(phasedReleaseCommand("status"));
