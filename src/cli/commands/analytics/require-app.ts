import { ValidationError } from "../../../errors/asckit-error.js";

export function requireApp(value: unknown): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new ValidationError("--app is required.", { category: "usage", field: "--app", hint: "Pass the app id or its exact bundle id, e.g. --app com.example.demo." });
  }
  return value.trim();
}
