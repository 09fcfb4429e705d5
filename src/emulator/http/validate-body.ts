import type { AttributeSpec, LinkageBodySpec, OperationSpec, RelationshipSpec, ResourceBodySpec } from "../../spec/operation-table.js";
import { ApiFailure, type ApiErrorEntry } from "../api-failure.js";
import { entityInvalid, entityUnprocessable, unsupportedMediaType } from "./http-failures.js";

/*
 * Request bodies are refused in three tiers, as Apple documents (facts §2.2):
 *   400 ENTITY_INVALID        not JSON (or missing when required);
 *   422 ENTITY_UNPROCESSABLE  JSON, but not the document shape: no `data`, misspelled `attributes`,
 *                             `data` of the wrong kind, missing `type`/`id`, unknown member names;
 *   409 ENTITY_ERROR.*        well-formed, but the values are unacceptable. All 409s are reported
 *                             together, each with a `source.pointer`.
 * Emulator choices where Apple is silent: a wrong `data.type`, and a PATCH whose `data.id` differs
 * from the path id, are 409 ENTITY_ERROR.ATTRIBUTE.INVALID with pointer /data/type or /data/id
 * (JSON:API prescribes 409 for both); unknown relationships are ENTITY_ERROR.RELATIONSHIP.UNKNOWN.
 */

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

const TITLES: Record<string, string> = {
  "ATTRIBUTE.REQUIRED": "The provided entity is missing a required attribute",
  "ATTRIBUTE.UNKNOWN": "The provided entity includes an unknown attribute",
  "ATTRIBUTE.INVALID": "The provided entity includes an attribute with an invalid value",
  "RELATIONSHIP.REQUIRED": "The provided entity is missing a required relationship",
  "RELATIONSHIP.UNKNOWN": "The provided entity includes an unknown relationship",
  "RELATIONSHIP.INVALID": "The provided entity includes a relationship with an invalid value",
};

const conflict = (kind: keyof typeof TITLES & string, detail: string, pointer: string): ApiErrorEntry => ({
  status: 409,
  code: `ENTITY_ERROR.${kind}`,
  title: TITLES[kind]!,
  detail,
  source: { pointer },
});

/** Parses and checks the body of a request for `op`; returns the parsed JSON (undefined when there is none). */
export function validateBody(op: OperationSpec, params: Record<string, string>, raw: Buffer, contentType: string | undefined): unknown {
  // Operations without a request body ignore whatever was sent, as GET and DELETE do at Apple.
  if (!op.body) return undefined;
  if (raw.length === 0) {
    if (op.bodyRequired) throw entityInvalid("A request body is required for this request.");
    return undefined;
  }
  const mediaType = contentType?.split(";")[0]!.trim().toLowerCase();
  if (mediaType !== "application/json") throw unsupportedMediaType(contentType);

  let doc: unknown;
  try {
    doc = JSON.parse(raw.toString("utf8"));
  } catch {
    throw entityInvalid("The request entity is not valid JSON.");
  }

  const problems: ApiErrorEntry[] = [];
  if (op.body.linkage) checkLinkageDocument(op.body, doc, problems);
  else checkResourceDocument(op.body, op.method, params, doc, problems);
  if (problems.length) throw new ApiFailure(problems);
  return doc;
}

function checkDocument(doc: unknown, allowed: string[]): Json {
  if (!isObject(doc)) throw entityUnprocessable("The request entity must be a JSON object with a 'data' member.", "");
  if (!("data" in doc)) throw entityUnprocessable("The request entity is missing the required member 'data'.", "/data");
  for (const key of Object.keys(doc)) {
    if (!allowed.includes(key)) throw entityUnprocessable(`'${key}' is not a valid member of the request entity.`, `/${key}`);
  }
  return doc;
}

function checkLinkageDocument(spec: LinkageBodySpec, doc: unknown, problems: ApiErrorEntry[]): void {
  const { data } = checkDocument(doc, ["data"]);
  if (spec.many) {
    if (!Array.isArray(data)) throw entityUnprocessable("'data' must be an array of resource identifiers.", "/data");
    data.forEach((item, i) => checkIdentifier(item, spec.type, `/data/${i}`, problems));
  } else {
    checkIdentifier(data, spec.type, "/data", problems);
  }
}

/** A `{ type, id }` resource identifier; a wrong type is a 409 RELATIONSHIP.INVALID. */
function checkIdentifier(item: unknown, expectedType: string | undefined, pointer: string, problems: ApiErrorEntry[]): void {
  if (!isObject(item)) throw entityUnprocessable("A resource identifier must be an object with 'type' and 'id'.", pointer);
  for (const key of Object.keys(item)) {
    if (key !== "type" && key !== "id") throw entityUnprocessable(`'${key}' is not a valid member of a resource identifier.`, `${pointer}/${key}`);
  }
  if (typeof item.type !== "string" || item.type === "") throw entityUnprocessable("A resource identifier needs a 'type'.", `${pointer}/type`);
  if (typeof item.id !== "string" || item.id === "") throw entityUnprocessable("A resource identifier needs an 'id' string.", `${pointer}/id`);
  if (expectedType !== undefined && item.type !== expectedType) {
    problems.push(conflict("RELATIONSHIP.INVALID", `The type '${item.type}' is not valid here; expected '${expectedType}'.`, `${pointer}/type`));
  }
}

function checkResourceDocument(spec: ResourceBodySpec, method: string, params: Record<string, string>, doc: unknown, problems: ApiErrorEntry[]): void {
  const { data } = checkDocument(doc, ["data", "included"]);
  if (!isObject(data)) throw entityUnprocessable("'data' must be a resource object.", "/data");
  const members = ["type", "attributes", "relationships", ...(spec.idRequired ? ["id"] : [])];
  for (const key of Object.keys(data)) {
    if (!members.includes(key)) throw entityUnprocessable(`'${key}' is not a valid member of 'data'.`, `/data/${key}`);
  }
  if (typeof data.type !== "string" || data.type === "") throw entityUnprocessable("'data' needs a 'type'.", "/data/type");
  if (spec.idRequired && (typeof data.id !== "string" || data.id === "")) throw entityUnprocessable("'data' needs an 'id' string.", "/data/id");
  if (data.attributes !== undefined && !isObject(data.attributes)) throw entityUnprocessable("'attributes' must be an object.", "/data/attributes");
  if (data.relationships !== undefined && !isObject(data.relationships)) throw entityUnprocessable("'relationships' must be an object.", "/data/relationships");

  if (data.type !== spec.type) {
    problems.push(conflict("ATTRIBUTE.INVALID", `The type '${data.type}' is not valid for this request; expected '${spec.type}'.`, "/data/type"));
  }
  if (method === "PATCH" && params.id !== undefined && data.id !== params.id) {
    problems.push(conflict("ATTRIBUTE.INVALID", `The id '${String(data.id)}' does not match the id '${params.id}' in the request path.`, "/data/id"));
  }

  const attributes = (data.attributes ?? {}) as Json;
  for (const [name, value] of Object.entries(attributes)) {
    const attr = spec.attributes[name];
    const pointer = `/data/attributes/${name}`;
    if (!attr) problems.push(conflict("ATTRIBUTE.UNKNOWN", `'${name}' is not a valid attribute for '${spec.type}'.`, pointer));
    else {
      const problem = checkAttribute(attr, value);
      if (problem) problems.push(conflict("ATTRIBUTE.INVALID", `The attribute '${name}' ${problem}.`, pointer));
    }
  }
  for (const name of spec.requiredAttributes) {
    if (attributes[name] === undefined) problems.push(conflict("ATTRIBUTE.REQUIRED", `You must provide a value for the attribute '${name}' with this request`, `/data/attributes/${name}`));
  }
  if (spec.attributesRequired && data.attributes === undefined && spec.requiredAttributes.length === 0) {
    throw entityUnprocessable("'data' is missing the required member 'attributes'.", "/data/attributes");
  }

  const relationships = (data.relationships ?? {}) as Json;
  for (const [name, value] of Object.entries(relationships)) {
    const rel = spec.relationships[name];
    const pointer = `/data/relationships/${name}`;
    if (!rel) problems.push(conflict("RELATIONSHIP.UNKNOWN", `'${name}' is not a valid relationship for '${spec.type}'.`, pointer));
    else checkRelationship(name, rel, value, spec.requiredRelationships.includes(name), pointer, problems);
  }
  for (const name of spec.requiredRelationships) {
    if (relationships[name] === undefined) problems.push(conflict("RELATIONSHIP.REQUIRED", `You must provide a value for the relationship '${name}' with this request`, `/data/relationships/${name}`));
  }
  if (spec.relationshipsRequired && data.relationships === undefined && spec.requiredRelationships.length === 0) {
    throw entityUnprocessable("'data' is missing the required member 'relationships'.", "/data/relationships");
  }
}

function checkRelationship(name: string, rel: RelationshipSpec, value: unknown, required: boolean, pointer: string, problems: ApiErrorEntry[]): void {
  if (!isObject(value) || !("data" in value)) throw entityUnprocessable(`The relationship '${name}' must be an object with a 'data' member.`, pointer);
  for (const key of Object.keys(value)) {
    if (key !== "data") throw entityUnprocessable(`'${key}' is not a valid member of a relationship.`, `${pointer}/${key}`);
  }
  const { data } = value;
  if (rel.many) {
    if (!Array.isArray(data)) throw entityUnprocessable(`The relationship '${name}' takes an array of resource identifiers.`, `${pointer}/data`);
    if (required && data.length === 0) problems.push(conflict("RELATIONSHIP.REQUIRED", `The relationship '${name}' needs at least one resource`, `${pointer}/data`));
    data.forEach((item, i) => checkIdentifier(item, rel.type, `${pointer}/data/${i}`, problems));
  } else if (data === null) {
    if (required) problems.push(conflict("RELATIONSHIP.REQUIRED", `You must provide a value for the relationship '${name}' with this request`, `${pointer}/data`));
  } else {
    checkIdentifier(data, rel.type, `${pointer}/data`, problems);
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

/** Why the value does not fit the attribute (completing "The attribute 'x' …"), or undefined. */
function checkAttribute(spec: AttributeSpec, value: unknown): string | undefined {
  if (value === null) return spec.nullable ? undefined : "cannot be null";
  switch (spec.type) {
    case "string":
      if (typeof value !== "string") return "must be a string";
      if (spec.enum && !spec.enum.includes(value)) return `has the invalid value '${value}'. Allowed values: ${spec.enum.join(", ")}`;
      if (spec.maxLength !== undefined && [...value].length > spec.maxLength) return `is longer than ${spec.maxLength} characters`;
      return checkFormat(spec.format, value);
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be a boolean";
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return "must be an integer";
      return spec.minimum !== undefined && value < spec.minimum ? `must be at least ${spec.minimum}` : undefined;
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return "must be a number";
      return spec.minimum !== undefined && value < spec.minimum ? `must be at least ${spec.minimum}` : undefined;
    case "object":
      return isObject(value) ? undefined : "must be an object";
    case "array": {
      if (!Array.isArray(value)) return "must be an array";
      for (const item of value) {
        if (spec.items === "string" && typeof item !== "string") return "must be an array of strings";
        if (spec.items === "object" && !isObject(item)) return "must be an array of objects";
        if (spec.enum && !spec.enum.includes(item as string)) return `contains the invalid value '${String(item)}'. Allowed values: ${spec.enum.join(", ")}`;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function checkFormat(format: string | undefined, value: string): string | undefined {
  switch (format) {
    case "date-time":
      return DATE_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : "must be an ISO 8601 date-time";
    case "date":
      return DATE.test(value) && !Number.isNaN(Date.parse(value)) ? undefined : "must be a date (YYYY-MM-DD)";
    case "email":
      return EMAIL.test(value) ? undefined : "must be a valid email address";
    case "uri":
      return URL.canParse(value) ? undefined : "must be an absolute URL";
    case "number":
      return NUMBER.test(value) ? undefined : "must be a number written as a string";
    default:
      return undefined;
  }
}
