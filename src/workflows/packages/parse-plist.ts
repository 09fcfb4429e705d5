import { parseBuffer } from "bplist-parser";
import { parse } from "plist";
import { ValidationError } from "../../errors/asckit-error.js";
import { parseXml } from "./parse-xml.js";

/** An Info.plist as a dictionary, from XML or binary (`bplist00`) form. */
export function parsePlist(bytes: Buffer, where: string): Record<string, unknown> {
  let value: unknown;
  try {
    if (bytes.subarray(0, 6).toString("latin1") === "bplist") value = parseBuffer(bytes)[0];
    else {
      const text = bytes.toString("utf8");
      // Checked first: the plist library's XML parser prints its complaints to the console.
      parseXml(text);
      value = parse(text);
    }
  } catch (error) {
    throw new ValidationError(`${where} is not a readable property list: ${error instanceof Error ? error.message : String(error)}`, {
      hint: "The package may be damaged; export it again from Xcode.",
    });
  }
  if (!value || typeof value !== "object" || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof Date) {
    throw new ValidationError(`${where} is not a dictionary property list.`, { hint: "The package may be damaged; export it again from Xcode." });
  }
  return value as Record<string, unknown>;
}
