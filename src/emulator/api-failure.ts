/**
 * An Apple-shaped error response. Anything in the emulator throws this to answer with
 * `{ errors: [ { id, status, code, title, detail, source?, meta? } ] }`.
 */
export interface ApiErrorSource {
  pointer?: string;
  parameter?: string;
}

export interface ApiErrorEntry {
  status: number;
  code: string;
  title: string;
  detail: string;
  source?: ApiErrorSource;
  meta?: Record<string, unknown>;
}

export class ApiFailure extends Error {
  readonly status: number;
  readonly errors: ApiErrorEntry[];
  readonly headers: Record<string, string>;

  constructor(entry: ApiErrorEntry | ApiErrorEntry[], headers: Record<string, string> = {}) {
    const list = Array.isArray(entry) ? entry : [entry];
    super(list.map((e) => `${e.status} ${e.code}: ${e.detail}`).join("; "));
    this.status = list[0]!.status;
    this.errors = list;
    this.headers = headers;
  }

  /** The JSON body Apple sends, each error with a fresh id and `status` as a string. */
  toBody(newId: () => string): { errors: Array<Record<string, unknown>> } {
    return {
      errors: this.errors.map((e) => ({
        id: newId(),
        status: String(e.status),
        code: e.code,
        title: e.title,
        detail: e.detail,
        ...(e.source ? { source: e.source } : {}),
        ...(e.meta ? { meta: e.meta } : {}),
      })),
    };
  }
}

export const notFound = (type: string, id: string): ApiFailure =>
  new ApiFailure({
    status: 404,
    code: "NOT_FOUND",
    title: "The specified resource does not exist",
    detail: `There is no resource of type '${type}' with id '${id}'`,
  });

export const pathError = (path: string): ApiFailure =>
  new ApiFailure({
    status: 404,
    code: "PATH_ERROR",
    title: "The URL path is not valid",
    detail: `The path provided does not match a defined resource type: '${path}'`,
  });

export const parameterError = (
  kind: "ILLEGAL" | "INVALID" | "REQUIRED",
  parameter: string,
  detail: string,
): ApiFailure =>
  new ApiFailure({
    status: 400,
    code: `PARAMETER_ERROR.${kind}`,
    title: kind === "ILLEGAL" ? "A parameter is not allowed for this request" : kind === "REQUIRED" ? "A parameter is required" : "A parameter has an invalid value",
    detail,
    source: { parameter },
  });

/** 409 for data that is well-formed but unacceptable (missing or bad attribute, duplicate, bad relationship). */
export const entityError = (code: string, detail: string, pointer?: string): ApiFailure =>
  new ApiFailure({
    status: 409,
    code: code.startsWith("ENTITY_ERROR") ? code : `ENTITY_ERROR.${code}`,
    title: "The provided entity includes an attribute with an invalid value",
    detail,
    ...(pointer ? { source: { pointer } } : {}),
  });

/** 409 for an operation the resource's current state forbids. */
export const stateError = (detail: string, code = "STATE_ERROR", meta?: Record<string, unknown>): ApiFailure =>
  new ApiFailure({
    status: 409,
    code,
    title: "The request cannot be fulfilled because of the state of another resource.",
    detail,
    ...(meta ? { meta } : {}),
  });
