import type { AscClient } from "../../client/index.js";
import { listGroupsOfApp } from "./beta-groups.js";
import { listAppTesters } from "./testers.js";

export interface ExportedTester {
  email: string;
  firstName: string | null;
  lastName: string | null;
  /** Names of the app's groups the tester is in. */
  groups: string[];
}

/** The app's testers (optionally one group's) in the shape `formatTesterCsv` writes and import reads back. */
export async function exportTesters(client: AscClient, options: { appId: string; groupId?: string }): Promise<ExportedTester[]> {
  const appGroupIds = new Set((await listGroupsOfApp(client, options.appId)).map((g) => g.id));
  const testers = await listAppTesters(client, { appId: options.appId, appGroupIds, ...(options.groupId ? { groupId: options.groupId } : {}) });
  return testers.map((t) => ({ email: t.email, firstName: t.firstName, lastName: t.lastName, groups: t.groups.map((g) => g.name) }));
}
