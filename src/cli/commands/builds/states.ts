import { ValidationError } from "../../../errors/asckit-error.js";

const STATES = ["PROCESSING", "FAILED", "INVALID", "VALID"];

export function validateProcessingStates(text: string): string[] {
  const states = text.split(",").map((s) => s.trim().toUpperCase()).filter(Boolean);
  const bad = states.filter((s) => !STATES.includes(s));
  if (bad.length) throw new ValidationError(`Unknown processing state ${bad.join(", ")}.`, { category: "usage", field: "--state", hint: `Use ${STATES.join(", ")}.` });
  return states;
}
