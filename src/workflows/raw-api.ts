import { resolveRoute, type AscClient, type Resource } from "../client/index.js";
import { ValidationError } from "../errors/asckit-error.js";
import { findOperation, methodsForPath, type OperationSpec } from "../spec/operation-table.js";
import { SERVICES_PLATFORM_HINT } from "./bundle-ids.js";
import { shellWord } from "./shell-word.js";

export interface RawApiCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body?: unknown;
}

const usage = (message: string, hint?: string, field?: string) => new ValidationError(message, { category: "usage", hint, field });

/**
 * Checks a raw call against Apple's spec before anything is sent: the path and method exist, every
 * query parameter is one the operation declares, enum values and `limit` are in range, and a body
 * has the right type, required attributes and relationships.
 */
export function validateApiCall(call: RawApiCall): OperationSpec {
  const method = call.method.toUpperCase();
  if (!/^\/v\d+\//.test(call.path)) throw usage(`The path "${call.path}" must start with /v1/ (or /v2/, /v3/).`);
  checkPathIsSentAsIs(method, call.path);
  const match = findOperation(method, call.path);
  if (!match) {
    const allowed = methodsForPath(call.path);
    if (allowed.length) throw usage(`${method} is not allowed on ${call.path}.`, `Allowed: ${allowed.join(", ")}.`);
    throw usage(`Unknown API path ${call.path}.`, "Check the path against Apple's App Store Connect API reference.");
  }
  const op = match.operation;
  for (const [name, value] of Object.entries(call.query)) {
    if (name === "cursor") continue;
    const spec = op.query[name];
    if (!spec) {
      // Those of the same family first (filter[…] for a bad filter), else the operation's own list.
      const all = Object.keys(op.query);
      const family = all.filter((k) => k.startsWith(name.split("[")[0]!));
      const shown = (family.length ? family : all).slice(0, 8);
      const more = (family.length ? family : all).length > shown.length ? ", …" : "";
      throw usage(`The parameter "${name}" is not allowed on ${method} ${op.path}.`, shown.length ? `Allowed here: ${shown.join(", ")}${more}` : `${method} ${op.path} takes no query parameters.`, name);
    }
    if (spec.enum) {
      const bad = value.split(",").filter((v) => !spec.enum!.includes(v));
      if (bad.length) throw usage(`Invalid value "${bad.join(",")}" for ${name}.`, `Allowed: ${spec.enum.slice(0, 20).join(", ")}${spec.enum.length > 20 ? ", …" : ""}`, name);
    }
    if (spec.type === "integer") {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw usage(`${name} must be a positive integer, not "${value}".`, spec.max !== undefined ? `Use 1 to ${spec.max}.` : "Use a whole number of at least 1.", name);
      if (spec.max !== undefined && n > spec.max) throw usage(`${name} is at most ${spec.max} here, not ${n}.`, `Use ${name}=${spec.max} with --paginate to read every page.`, name);
    }
  }
  for (const [name, spec] of Object.entries(op.query)) {
    if (spec.required && call.query[name] === undefined) throw usage(`${method} ${op.path} requires the parameter ${name}.`, `Add --query ${name}=…${spec.enum ? ` (one of ${spec.enum.slice(0, 8).join(", ")}${spec.enum.length > 8 ? ", …" : ""})` : ""}.`, name);
  }
  validateBody(op, call.body);
  return op;
}

/**
 * The operation table matches a path after dropping its query, empty segments and percent-encoding,
 * while fetch's URL parser resolves `.`/`..` (also encoded, also after `\`) before sending. Anything
 * where the two could differ is refused, so the path that was validated is the path that is sent.
 */
function checkPathIsSentAsIs(method: string, path: string): void {
  const q = path.search(/[?#]/);
  if (q >= 0) {
    const flags = path[q] === "?" ? path.slice(q + 1).split("&").filter(Boolean).map((p) => `--query ${shellWord(safeDecode(p) ?? p)}`).join(" ") : "";
    throw usage(
      `The path "${path}" contains "${path[q]}": put query parameters in --query, not in the path.`,
      flags ? `Use: asckit api ${method} ${path.slice(0, q)} ${flags}` : "Remove the fragment; it is never sent.",
    );
  }
  // The URL parser drops tabs and newlines and reads a backslash as "/": both would change the path sent.
  if (/[\s\\]/.test(path) || [...path].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) throw usage(`The path "${path}" contains whitespace, a control character or a backslash.`, "Percent-encode such characters in ids.");
  for (const raw of path.slice(1).split("/")) {
    const segment = safeDecode(raw);
    if (segment === undefined) throw usage(`The path segment "${raw}" has a broken percent-encoding.`);
    if (segment === "") throw usage(`The path "${path}" has an empty segment ("//" or a trailing "/").`, "Remove the extra slash.");
    if (segment === "." || segment === "..") throw usage(`The path "${path}" has a "${raw}" segment; it would be sent as a different path than the one checked.`, "Write the path out in full.");
    if (/[/\\]/.test(segment)) throw usage(`The path segment "${raw}" decodes to a slash.`, "Ids never contain slashes; check the path.");
  }
}

function safeDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}


function validateBody(op: OperationSpec, body: unknown): void {
  if (body === undefined) {
    if (op.bodyRequired) throw usage(`${op.method} ${op.path} needs a JSON body (--body).`, `Pass --body '{"data":{"type":"${op.body?.type ?? "…"}",…}}' or --body @FILE.json.`);
    return;
  }
  if (!op.body) throw usage(`${op.method} ${op.path} takes no body.`, "Remove --body.");
  const data = (body as { data?: unknown })?.data;
  if (data === undefined) throw usage('The body needs a top-level "data" member.', `Wrap it as {"data":{"type":"${op.body.type}",…}}.`);
  const spec = op.body;
  if (spec.linkage) {
    const items = spec.many ? data : [data];
    if (spec.many && !Array.isArray(data)) throw usage(`"data" must be an array of { type: "${spec.type}", id } here.`, `For one: {"data":[{"type":"${spec.type}","id":"…"}]}.`);
    for (const item of items as Array<{ type?: string; id?: string }>) {
      if (item?.type !== spec.type || typeof item.id !== "string") throw usage(`Each linkage must be { "type": "${spec.type}", "id": "…" }.`, `Check "type" (${spec.type}) and that "id" is a string.`);
    }
    return;
  }
  const d = data as { type?: string; attributes?: Record<string, unknown>; relationships?: Record<string, unknown> };
  if (d.type !== spec.type) throw usage(`"data.type" must be "${spec.type}" for ${op.method} ${op.path}.`);
  const attributes = d.attributes ?? {};
  for (const name of spec.requiredAttributes) if (attributes[name] === undefined) throw usage(`Missing required attribute "${name}".`, `Add "${name}" under data.attributes; required here: ${spec.requiredAttributes.join(", ")}.`, name);
  for (const [name, value] of Object.entries(attributes)) {
    const a = spec.attributes[name];
    if (!a) throw usage(`Unknown attribute "${name}" for ${spec.type}.`, `Known: ${Object.keys(spec.attributes).join(", ")}`, name);
    if (a.enum && value !== null && !a.enum.includes(String(value))) throw usage(`Invalid value "${String(value)}" for ${name}.`, `Allowed: ${a.enum.join(", ")}`, name);
    // The generated table keeps the spec patcher's BundleIdPlatform.SERVICES (bundleIds, devices); Apple has no such value.
    if (value === "SERVICES" && a.enum?.includes("SERVICES") && a.enum.includes("UNIVERSAL")) throw usage(`Invalid value "SERVICES" for ${name}.`, SERVICES_PLATFORM_HINT, name);
  }
  const relationships = d.relationships ?? {};
  for (const name of spec.requiredRelationships) if (relationships[name] === undefined) throw usage(`Missing required relationship "${name}".`, `Add data.relationships.${name} = {"data":{"type":"…","id":"…"}}; required here: ${spec.requiredRelationships.join(", ")}.`, name);
  for (const name of Object.keys(relationships)) {
    if (!spec.relationships[name]) throw usage(`Unknown relationship "${name}" for ${spec.type}.`, `Known: ${Object.keys(spec.relationships).join(", ")}`, name);
  }
}

export interface RawApiResult {
  status: number;
  document: unknown;
  /** With --paginate: every item across pages. */
  items?: Resource[];
}

/** What `callApi` would send: method, absolute URL (with the query) and body. */
export interface RawApiPlan {
  method: string;
  url: string;
  body?: unknown;
}

/** For --dry-run: validates the call and resolves it against the base URL; nothing is sent. */
export function planApiCall(client: Pick<AscClient, "baseUrl">, call: RawApiCall): RawApiPlan {
  const op = validateApiCall(call);
  const { url } = resolveRoute(`${op.method} ${call.path}`, client.baseUrl, call.query);
  return { method: op.method, url, ...(call.body !== undefined ? { body: call.body } : {}) };
}

export async function callApi(client: AscClient, call: RawApiCall, options: { paginate?: boolean } = {}): Promise<RawApiResult> {
  const op = validateApiCall(call);
  const route = `${op.method} ${call.path}`;
  if (options.paginate) {
    if (op.method !== "GET" || op.response.kind !== "collection") throw usage("--paginate works only with GET on a list endpoint.", "Drop --paginate for a single resource or a write.");
    const items = await client.collect(route, { query: call.query });
    return { status: 200, document: undefined, items };
  }
  const res = await client.request(route, { query: call.query, body: call.body });
  return { status: res.status, document: res.document };
}
