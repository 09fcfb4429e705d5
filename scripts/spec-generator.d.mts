export const projectRoot: string;
export const defaultSpecPath: string;
export function resolveSpecPath(argv?: string[], env?: Record<string, string | undefined>): string;
export function generateSpecFiles(specPath?: string): Promise<Record<string, string>>;
export function buildOperationTable(spec: unknown, sha: string): unknown;
