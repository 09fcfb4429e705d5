import { ApiFailure, parameterError } from "../api-failure.js";

// Apple's detail strings for the report endpoints, as developers have reported them.

export const noSalesForDate = (): ApiFailure =>
  new ApiFailure({ status: 404, code: "NOT_FOUND", title: "The specified resource does not exist", detail: "There were no sales for the date specified." });

export const notAvailableYet = (): ApiFailure =>
  new ApiFailure({ status: 404, code: "NOT_FOUND", title: "The specified resource does not exist", detail: "Report is not available yet. Please try again later." });

export const reportExpired = (frequency: string, keptFor: string): ApiFailure =>
  new ApiFailure({
    status: 410,
    code: "GONE",
    title: "The requested resource is no longer available",
    detail: `Report is no longer available. ${frequency[0]}${frequency.slice(1).toLowerCase()} reports are available for the last ${keptFor}.`,
  });

export const invalidVersion = (latest: string, missing: boolean): ApiFailure =>
  parameterError(
    missing ? "REQUIRED" : "INVALID",
    "filter[version]",
    missing
      ? `Please include the version parameter. The latest version for this report is ${latest}.`
      : `The version parameter you have specified is invalid. The latest version for this report is ${latest}.`,
  );

export const invalidParameter = (parameter: string, detail: string): ApiFailure => parameterError("INVALID", parameter, detail);
