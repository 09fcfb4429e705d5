// Reports in the emulator: Sales and Trends, Finance, and the Analytics Reports API.
import type { EmulatorEngine } from "../engine/index.js";
import type { OperationHandler } from "../engine-types.js";
import type { ExtraRoute } from "../http/extra-route.js";
import { createAnalyticsEmulation, type AnalyticsEmulationOptions } from "./analytics-handlers.js";
import { createFinanceReportHandler } from "./finance-report-handler.js";
import type { Product } from "./sales-catalog.js";
import { createSalesReportHandler, type SalesReportHandlerOptions } from "./sales-report-handler.js";

export interface ReportsEmulationOptions extends AnalyticsEmulationOptions {
  catalog?: readonly Product[];
  isNoSalesDay?: SalesReportHandlerOptions["isNoSalesDay"];
}

export interface ReportsEmulation {
  /** By operation id: register each with `engine.registerHandler(id, handler)`. */
  handlers: Record<string, OperationHandler>;
  /** The storage host serving analytics segment downloads: add to the emulator's extra routes. */
  routes: ExtraRoute[];
}

/** Everything the emulator needs for reports: operation handlers plus the segment storage route. */
export function createReportsEmulation(options: ReportsEmulationOptions = {}): ReportsEmulation {
  const analytics = createAnalyticsEmulation(options);
  return {
    handlers: {
      salesReports_getCollection: createSalesReportHandler(options),
      financeReports_getCollection: createFinanceReportHandler(options),
      ...analytics.handlers,
    },
    routes: [analytics.route],
  };
}

/**
 * Plugs reports into an engine: registers every handler (apps and their names come from the
 * engine's store) and returns the routes to serve beside the API, i.e. the analytics segment
 * storage host. Call once per engine and add the routes to the backend's `routes`.
 */
export function registerReports(engine: EmulatorEngine, options: ReportsEmulationOptions = {}): ExtraRoute[] {
  const reports = createReportsEmulation({
    appExists: (id) => engine.data().get("apps", id) !== undefined,
    appName: (id) => {
      const name = engine.data().get("apps", id)?.attributes.name;
      return typeof name === "string" ? name : undefined;
    },
    ...options,
  });
  for (const [operationId, handler] of Object.entries(reports.handlers)) engine.registerHandler(operationId, handler);
  return reports.routes;
}

/** The operation handlers alone (segment URLs then point at a route nobody serves: prefer createReportsEmulation). */
export function reportHandlers(options: ReportsEmulationOptions = {}): Record<string, OperationHandler> {
  return createReportsEmulation(options).handlers;
}

export { createSalesReportHandler, createFinanceReportHandler, createAnalyticsEmulation };
export { fiscalPeriod } from "./report-calendar.js";
export { salesLinesForDay, formatSalesLines, SALES_HEADER } from "./sales-generator.js";
export { DEFAULT_CATALOG, TERRITORIES, type Product, type Territory } from "./sales-catalog.js";
export { gzipReport } from "./gzip-members.js";
