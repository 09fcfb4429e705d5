export * from "./asc-api-error.js";
export { errorFromResponse, type ErrorResponseInput, type HeaderSource } from "./error-from-response.js";
export { parseErrorBody, type ParsedErrorBody, type ErrorBodyFormat } from "./parse-error-body.js";
export { flattenAssociatedErrors } from "./associated-errors.js";
export { NetworkError, networkErrorCode, networkErrorFrom } from "./network-error.js";
export { PaginationError } from "./pagination-error.js";
export { hourlyBudgetExhausted, isHourlyBudgetExhausted } from "./budget-exhausted.js";
