import { ValidationError } from "../errors/index.js";

/**
 * Fills `{name}` segments of a path template, e.g. `buildPath("/v1/builds/{id}", { id })`. Values are
 * percent-encoded so an id can never add path segments or a query string.
 */
export function buildPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === "") {
      throw new ValidationError(`Missing value for {${name}} in ${template}`, { field: name, category: "usage" });
    }
    return encodeURIComponent(value);
  });
}
