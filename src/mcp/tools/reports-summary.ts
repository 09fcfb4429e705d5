import { z } from "zod";
import { ValidationError } from "../../errors/asckit-error.js";
import { exchangeRatesFromFinance } from "../../workflows/reports/exchange-rates.js";
import { fiscalMonth, fiscalMonthLabel } from "../../workflows/reports/fiscal-calendar.js";
import { describeDays, resolveSummaryRange, summarizeSales, summaryGroups } from "../../workflows/reports/sales-summary.js";
import { pageOutput, pageRequest, pagingInput } from "../paging.js";
import { defineTool } from "../tool-definition.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export default defineTool({
  name: "reports_summary",
  cli: "reports summary",
  title: "Sales summary",
  description:
    "Adds up units and developer proceeds from Apple's daily Sales reports over a range of days (Pacific time, as Apple's reports are), grouped by app, day, territory or product, with proceeds converted into the bank currency where Apple's finance report gives the rate. Finished days are cached, so asking again is cheap. Needs a team key with access to Sales and Trends and the vendor number.",
  access: "read",
  idempotent: true,
  input: {
    from: z.string().regex(DAY).optional().describe("First day, YYYY-MM-DD (default: 29 days before `to`). Days older than about a year have expired at Apple and are listed in `expiredDays`."),
    to: z.string().regex(DAY).optional().describe("Last day, YYYY-MM-DD (default: yesterday in Pacific time, the newest day Apple can have)."),
    by: z.enum(["app", "day", "territory", "product"]).optional().describe("One row per app (default), day, territory (country code) or product (SKU)."),
    vendorNumber: z.string().regex(/^\d+$/).optional().describe("Vendor number from App Store Connect → Payments and Financial Reports; defaults to the server's ASC_VENDOR_NUMBER."),
    convert: z.boolean().optional().describe("Convert proceeds into one currency with the rates of Apple's finance report (default true); false keeps them per currency."),
    ...pagingInput("rows"),
  },
  async run(args, ctx) {
    const vendorNumber = args.vendorNumber ?? ctx.vendorNumber;
    if (!vendorNumber) {
      throw new ValidationError("A vendor number is needed for sales reports.", {
        category: "usage",
        field: "vendorNumber",
        hint: "Pass vendorNumber (App Store Connect → Payments and Financial Reports), or set ASC_VENDOR_NUMBER in the MCP server's env.",
      });
    }
    const page = pageRequest(args, ctx);
    // Checked before any request, with the arguments' own names in the messages.
    const { from, to } = resolveSummaryRange({ vendorNumber, from: args.from, to: args.to, now: () => ctx.now() }, { from: "from", to: "to" });
    const client = await ctx.client();
    const now = () => ctx.now();
    const cache = ctx.reportCache;
    const account = await ctx.reportAccount?.().catch(() => undefined);
    const lookup = args.convert === false ? undefined : await exchangeRatesFromFinance(client, { vendorNumber, day: to, now, cache, account });
    const rates = lookup?.rates;
    const summary = await summarizeSales(client, {
      vendorNumber,
      from,
      to,
      now,
      cache,
      account,
      rates,
      onDay: (done, total, day) => void ctx.progress(`sales report ${day}`, done, total),
    });
    const by = args.by ?? "app";
    const rows = pageOutput("rows", summaryGroups(summary, by), page, (g) => ({ ...g }));
    const currency = summary.rates?.currency;
    const proceeds = Object.entries(summary.totals.proceeds).map(([c, v]) => `${v.toFixed(2)} ${c}`).join(", ") || "none";
    const converted = currency && summary.totals.converted !== undefined ? ` (= ${summary.totals.converted.toFixed(2)} ${currency})` : "";
    const notes = [
      summary.missingDays.length ? `Not published yet, left out: ${describeDays(summary.missingDays)}.` : "",
      summary.expiredDays.length ? `Expired at Apple (older than the year Apple keeps daily reports), not in any total: ${describeDays(summary.expiredDays)}.` : "",
      summary.unconverted.length ? `No exchange rate for ${summary.unconverted.join(", ")}: not in the converted total.` : "",
      lookup?.failure !== undefined
        ? rates
          ? `Converted at the rates of ${fiscalMonthLabel(fiscalMonth(rates.fiscalMonth))} (reportDate ${rates.reportDate}): newer finance reports (${lookup.unchecked.map((m) => fiscalMonthLabel(fiscalMonth(m))).join(", ")}) could not be read (${lookup.failure}).`
          : `Exchange rates could not be read (${lookup.failure}): proceeds stay per currency; calling again retries.`
        : "",
    ].filter(Boolean);
    return {
      summary: `${from} … ${to}: ${summary.totals.units} units, proceeds ${proceeds}${converted}. ${rows.summary}${notes.length ? ` ${notes.join(" ")}` : ""}`,
      data: {
        vendorNumber,
        from,
        to,
        by,
        totals: summary.totals,
        ...(currency ? { convertedCurrency: currency, ratesSource: summary.rates?.source } : {}),
        ...rows.data,
        missingDays: summary.missingDays,
        expiredDays: summary.expiredDays,
        unconverted: summary.unconverted,
        ...(lookup?.failure !== undefined ? { ratesProblem: lookup.failure, ratesUnchecked: lookup.unchecked } : {}),
        reportDownloads: summary.fetched,
        daysFromCache: summary.cached,
      },
    };
  },
});
