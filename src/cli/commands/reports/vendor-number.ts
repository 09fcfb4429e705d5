import { ValidationError } from "../../../errors/asckit-error.js";
import type { CommandContext } from "../../context.js";

/** `--vendor`, else ASC_VENDOR_NUMBER: the number on App Store Connect's Payments and Financial Reports page. */
export function vendorNumber(ctx: CommandContext, flag: unknown): string {
  const value = (flag as string | undefined) ?? ctx.io.env.ASC_VENDOR_NUMBER;
  if (!value) {
    throw new ValidationError("A vendor number is needed for sales and finance reports.", {
      category: "usage",
      field: "--vendor",
      hint: "Pass --vendor 8xxxxxxx or set ASC_VENDOR_NUMBER (shown in App Store Connect under Payments and Financial Reports).",
    });
  }
  return value;
}
