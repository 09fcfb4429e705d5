import type { AscClient } from "../../client/index.js";
import { openFinanceReport, resolveFinanceReportTarget } from "./finance-report.js";
import { pacificDay } from "./pacific-time.js";
import type { SummaryCache } from "./summary-cache.js";

/** Rates to convert proceeds into one currency: `amount × perUnit[currency]`. */
export interface ExchangeRates {
  /** The currency converted into (Apple's bank account currency in the finance report). */
  currency: string;
  perUnit: Record<string, number>;
  /** Where the rates come from, for the reader. */
  source: string;
}

const NONE_TTL_MS = 24 * 3_600_000;

/**
 * The exchange rates Apple paid at, from the consolidated finance report (FINANCIAL, region ZZ):
 * each line names a region currency, its "Exchange Rate" and the "Bank Account Currency". Tries the
 * fiscal month of `day` and up to three before it (the newest ones are not settled yet). Results are
 * cached: a found month forever, a missing one for a day.
 */
export async function exchangeRatesFromFinance(
  client: AscClient,
  options: { vendorNumber: string; day: string; now: () => number; cache?: SummaryCache; onRequest?: () => void },
): Promise<ExchangeRates | undefined> {
  const [y, m] = options.day.split("-").map(Number) as [number, number];
  for (let back = 0; back < 4; back++) {
    const date = new Date(Date.UTC(y, m - 1 - back, 1)).toISOString().slice(0, 7);
    const key = `finance-rates/v1/${options.vendorNumber}/${date}`;
    const hit = await options.cache?.read<{ rates?: ExchangeRates; checkedAt: number }>(key);
    if (hit && (hit.rates || options.now() - hit.checkedAt < NONE_TTL_MS)) {
      if (hit.rates) return hit.rates;
      continue;
    }
    options.onRequest?.();
    const target = resolveFinanceReportTarget({ vendorNumber: options.vendorNumber, reportType: "FINANCIAL", regionCode: "ZZ", reportDate: date, now: options.now });
    let rates: ExchangeRates | undefined;
    try {
      const report = await openFinanceReport(client, target, options.now);
      const perUnit: Record<string, number> = {};
      let bank: string | undefined;
      for await (const batch of report.rows({ select: ["Region Currency", "Exchange Rate", "Bank Account Currency"] })) {
        for (const row of batch) {
          const currency = row["Region Currency"];
          const rate = row["Exchange Rate"];
          if (typeof currency === "string" && typeof rate === "number" && rate > 0) perUnit[currency] = rate;
          if (typeof row["Bank Account Currency"] === "string") bank = row["Bank Account Currency"];
        }
      }
      if (bank && Object.keys(perUnit).length) rates = { currency: bank, perUnit, source: `Apple's consolidated finance report for fiscal ${date} (as of ${pacificDay(options.now())})` };
    } catch (error) {
      // Rates are a bonus: without them proceeds stay per currency.
      if ((error as { category?: string }).category === "auth") throw error;
    }
    await options.cache?.write(key, { ...(rates ? { rates } : {}), checkedAt: options.now() });
    if (rates) return rates;
  }
  return undefined;
}
