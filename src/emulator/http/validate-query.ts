import type { OperationSpec, QueryParamSpec } from "../../spec/operation-table.js";
import { ApiFailure, parameterError } from "../api-failure.js";

const isList = (op: OperationSpec) => "limit" in op.query || op.response.kind === "collection" || op.response.kind === "linkages";

/**
 * Checks query parameters against the operation's declared ones the way Apple refuses them:
 * undeclared → PARAMETER_ERROR.ILLEGAL, bad value → INVALID, missing → REQUIRED. All problems are
 * reported together, each with `source.parameter`.
 */
export function validateQuery(op: OperationSpec, query: Record<string, string>): void {
  const problems: ApiFailure[] = [];
  for (const [name, value] of Object.entries(query)) {
    const spec = op.query[name];
    if (!spec) {
      // Lists take the opaque `cursor` from `links.next`, though the spec does not declare it.
      if (name === "cursor" && isList(op)) continue;
      problems.push(parameterError("ILLEGAL", name, `The parameter '${name}' can not be used with this request`));
      continue;
    }
    const problem = checkValue(name, value, spec);
    if (problem) problems.push(parameterError("INVALID", name, problem));
  }
  for (const [name, spec] of Object.entries(op.query)) {
    if (spec.required && query[name] === undefined) {
      problems.push(parameterError("REQUIRED", name, `The parameter '${name}' is required for this request`));
    }
  }
  if (problems.length) throw new ApiFailure(problems.flatMap((p) => p.errors));
}

function checkValue(name: string, value: string, spec: QueryParamSpec): string | undefined {
  if (value === "") return `The parameter '${name}' requires a value`;
  switch (spec.type) {
    case "integer": {
      if (!/^\d+$/.test(value) || Number(value) < 1) return `'${value}' is not a valid value for the parameter '${name}'. It must be a positive integer${spec.max ? ` no greater than ${spec.max}` : ""}`;
      if (spec.max !== undefined && Number(value) > spec.max) return `The parameter '${name}' exceeds the maximum allowed value of ${spec.max}`;
      return undefined;
    }
    case "boolean":
      return value === "true" || value === "false" ? undefined : `'${value}' is not a valid value for the parameter '${name}'. Allowed values: true, false`;
    case "array": {
      const items = value.split(",");
      const bad = items.find((v) => v === "" || (spec.enum !== undefined && !spec.enum.includes(v)));
      if (bad === undefined) return undefined;
      return bad === "" ? `The parameter '${name}' contains an empty value` : invalidEnum(name, bad, spec.enum!);
    }
    default:
      return spec.enum && !spec.enum.includes(value) ? invalidEnum(name, value, spec.enum) : undefined;
  }
}

const invalidEnum = (name: string, value: string, allowed: string[]) =>
  `'${value}' is not a valid value for the parameter '${name}'. Allowed values: ${allowed.join(", ")}`;
