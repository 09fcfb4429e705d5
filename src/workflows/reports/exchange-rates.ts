import type { AscClient } from "../../client/index.js";
import { openFinanceReport, resolveFinanceReportTarget } from "./finance-report.js";
import { describeFiscalMonth, fiscalMonthOfDay, previousFiscalMonth, type FiscalMonth } from "./fiscal-calendar.js";
import { pacificDay } from "./pacific-time.js";
import { ReportExpiredError, ReportNotAvailableError } from "./report-errors.js";
import { reportCacheScope, type SummaryCache } from "./summary-cache.js";

/** Rates to convert proceeds into one currency: `amount × perUnit[currency]`. */
export interface ExchangeRates {
  /** The currency converted into (Apple's bank account currency in the finance report). */
  currency: string;
  perUnit: Record<string, number>;
  /** Where the rates come from, for the reader. */
  source: string;
  /** The fiscal month of the finance report the rates were read from, `YYYY-MM` as App Store Connect names it (after the calendar month it mostly covers). */
  fiscalMonth: string;
  /** The same month as Apple's `reportDate`: fiscal year and period, `YYYY-PP`. */
  reportDate: string;
}

export interface ExchangeRatesLookup {
  rates?: ExchangeRates;
  /**
   * Fiscal months (`YYYY-MM` names, as `fiscalMonth`) that could not be checked because the request failed (network, 5xx, rate limit,
   * no access): the rates, if any, may be older than Apple has. Nothing is cached for them.
   */
  unchecked: string[];
  /** The first such failure, for the note. */
  failure?: string;
}

/** A month without a settled report is asked about again after this long. */
const NONE_TTL_MS = 24 * 3_600_000;
const MONTHS_BACK = 4;
// v3: keys name Apple's fiscal year and period (fy2024-p05). v2 keys were the calendar-style month
// name, which was also sent as reportDate, so a v2 "2024-05" may hold fiscal February's rates.
const CACHE_PREFIX = "finance-rates/v3";

interface CachedRates {
  rates?: ExchangeRates;
  checkedAt: number;
}

/**
 * The exchange rates Apple paid at, from the consolidated finance report (FINANCIAL, region ZZ):
 * each line names a region currency, its "Exchange Rate" and the "Bank Account Currency". Tries the
 * fiscal month that contains `day` and up to three before it on Apple's fiscal calendar (the newest
 * ones are not settled yet), each asked for by its fiscal year and period.
 *
 * Only Apple's definite answers are cached: a month's rates forever, "no report for that month"
 * (none yet, not settled, expired) for a day. A failed request (network, 5xx, rate limit, no
 * access) is not an answer: it is left uncached, the newer months it hid are named in `unchecked`,
 * and only cached older months are used after it, so a blip costs no further requests and is
 * retried next time instead of hiding the rates for a day.
 */
export async function exchangeRatesFromFinance(
  client: AscClient,
  options: { vendorNumber: string; day: string; now: () => number; cache?: SummaryCache; account?: string; onRequest?: () => void },
): Promise<ExchangeRatesLookup> {
  const scope = reportCacheScope(client.baseUrl, options.account);
  const unchecked: string[] = [];
  let failure: string | undefined;
  let month = fiscalMonthOfDay(options.day);
  for (let back = 0; back < MONTHS_BACK; back++, month = previousFiscalMonth(month)) {
    const [fiscalYear, period] = month.reportDate.split("-");
    const key = `${CACHE_PREFIX}/${scope}/${options.vendorNumber}/fy${fiscalYear}-p${period}`;
    const hit = await options.cache?.read<CachedRates>(key);
    if (hit?.rates) return { rates: hit.rates, unchecked, ...(failure ? { failure } : {}) };
    if (hit && options.now() - hit.checkedAt < NONE_TTL_MS) continue;
    if (failure !== undefined) {
      unchecked.push(month.name);
      continue;
    }
    options.onRequest?.();
    const outcome = await ratesOfMonth(client, options.vendorNumber, month, options.now);
    if (outcome.kind === "failed") {
      failure = outcome.reason;
      unchecked.push(month.name);
      continue;
    }
    await options.cache?.write(key, { ...(outcome.rates ? { rates: outcome.rates } : {}), checkedAt: options.now() } satisfies CachedRates);
    if (outcome.rates) return { rates: outcome.rates, unchecked };
  }
  return { unchecked, ...(failure ? { failure } : {}) };
}

type MonthOutcome = { kind: "answer"; rates?: ExchangeRates } | { kind: "failed"; reason: string };

async function ratesOfMonth(client: AscClient, vendorNumber: string, month: FiscalMonth, now: () => number): Promise<MonthOutcome> {
  const target = resolveFinanceReportTarget({ vendorNumber, reportType: "FINANCIAL", regionCode: "ZZ", fiscalPeriod: month.reportDate, now });
  try {
    const report = await openFinanceReport(client, target, now);
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
    if (!bank || !Object.keys(perUnit).length) return { kind: "answer" };
    return {
      kind: "answer",
      rates: { currency: bank, perUnit, fiscalMonth: month.name, reportDate: month.reportDate, source: `Apple's consolidated finance report for ${describeFiscalMonth(month)} (as of ${pacificDay(now())})` },
    };
  } catch (error) {
    // Apple's own answers that there is no report for the month: definite, worth remembering.
    if (error instanceof ReportNotAvailableError || error instanceof ReportExpiredError) return { kind: "answer" };
    // A rejected token fails the sales downloads too: say so now. A 403 only means this key's role
    // may not see finance reports (Sales can see sales but not finance): convert nothing then.
    if ((error as { category?: string }).category === "auth" && (error as { status?: number }).status !== 403) throw error;
    // Rates are a bonus: without them proceeds stay per currency.
    return { kind: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
}
