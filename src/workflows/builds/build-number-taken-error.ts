import { AsckitError } from "../../errors/asckit-error.js";

/** A version and build number already used by a build or by another upload in flight, or lower than one in use. */
export class BuildNumberTakenError extends AsckitError {
  readonly nextBuildNumber: string;
  constructor(message: string, nextBuildNumber: string) {
    super(message, {
      category: "conflict",
      hint: `Set CFBundleVersion to ${nextBuildNumber} (e.g. \`agvtool new-version -all ${nextBuildNumber}\`), export again and upload that; \`asckit builds next-number\` tells the next free number.`,
    });
    this.nextBuildNumber = nextBuildNumber;
  }
}
