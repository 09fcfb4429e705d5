import type { components } from "../../spec/openapi.js";
import { ServerError } from "../errors/asc-api-error.js";
import type { AscResponse, CollectOptions } from "../client-types.js";
import { resolveDocument, type Resource } from "../resolve-document.js";

export type Schemas = components["schemas"];

/** The attribute object of a resource schema, e.g. `AttributesOf<"Build">`. */
export type AttributesOf<K extends keyof Schemas> = Schemas[K] extends { attributes?: infer A } ? NonNullable<A> : Record<string, unknown>;

/** Early-stop options the list helpers pass through to client.collect. */
export type ListOptions<A> = Pick<CollectOptions<A>, "max" | "until" | "maxPages" | "signal">;

/** The single resource of a response (`data` as an object), resolved against `included`. */
export function singleResource<A>(response: AscResponse<unknown>, method: string, path: string): Resource<A> {
  const { data } = resolveDocument<A>(response.document);
  if (!data || Array.isArray(data)) {
    throw new ServerError(`${response.status} response to ${method} ${path} has no single resource in "data"`, { status: response.status, method, path });
  }
  return data;
}

/** `{ type, id }` linkage for relationship bodies. */
export function linkage<T extends string>(type: T, ids: readonly string[]): Array<{ type: T; id: string }> {
  return ids.map((id) => ({ type, id }));
}
