import { customerPrice, DEFAULT_CATALOG, formatMoney, proceedsPerUnit, TERRITORIES, type Product } from "./sales-catalog.js";
import { dayFactor } from "./sales-generator.js";
import { randomCount, seededRandom } from "./seeded-random.js";

export const SUBSCRIPTION_HEADER = [
  "App Name", "App Apple ID", "Subscription Name", "Subscription Apple ID", "Subscription Group ID", "Standard Subscription Duration",
  "Subscription Offer Name", "Promotional Offer ID", "Customer Price", "Customer Currency", "Developer Proceeds", "Proceeds Currency",
  "Preserved Pricing", "Proceeds Reason", "Client", "Device", "State", "Country",
  "Active Standard Price Subscriptions", "Active Free Trial Introductory Offer Subscriptions", "Active Pay Up Front Introductory Offer Subscriptions",
  "Active Pay As You Go Introductory Offer Subscriptions", "Free Trial Promotional Offer Subscriptions", "Pay Up Front Promotional Offer Subscriptions",
  "Pay As You Go Promotional Offer Subscriptions", "Free Trial Offer Code Subscriptions", "Pay Up Front Offer Code Subscriptions",
  "Pay As You Go Offer Code Subscriptions", "Marketing Opt-Ins", "Billing Retry", "Grace Period", "Subscribers",
] as const;

export const SUBSCRIPTION_EVENT_HEADER = [
  "Event Date", "Event", "App Name", "App Apple ID", "Subscription Name", "Subscription Apple ID", "Subscription Group ID",
  "Standard Subscription Duration", "Subscription Offer Type", "Subscription Offer Duration", "Marketing Opt-In", "Marketing Opt-In Duration",
  "Preserved Pricing", "Proceeds Reason", "Promotional Offer Name", "Promotional Offer ID", "Consecutive Paid Periods", "Original Start Date",
  "Client", "Device", "State", "Country", "Previous Subscription Name", "Previous Subscription Apple ID", "Days Before Canceling",
  "Cancellation Reason", "Days Canceled", "Quantity",
] as const;

export const SUBSCRIBER_HEADER = [
  "Event Date", "App Name", "App Apple ID", "Subscription Name", "Subscription Apple ID", "Subscription Group ID", "Standard Subscription Duration",
  "Subscription Offer Name", "Promotional Offer ID", "Subscription Offer Type", "Subscription Offer Duration", "Marketing Opt-In Duration",
  "Customer Price", "Customer Currency", "Developer Proceeds", "Proceeds Currency", "Preserved Pricing", "Proceeds Reason", "Client", "Country",
  "Subscriber ID", "Subscriber ID Reset", "Refund", "Purchase Date", "Units",
] as const;

const subscriptions = (catalog: readonly Product[]) => catalog.filter((p) => p.kind === "subscription");
const parentOf = (catalog: readonly Product[], p: Product) => catalog.find((c) => c.sku === p.parentSku);
/** In the id range the emulator's store gives subscription groups. */
const GROUP_ID = "2140000001";

/** The Subscription report of one day: active subscriptions per subscription, storefront and device. */
export function subscriptionReportLines(day: string, vendorNumber: string, catalog: readonly Product[] = DEFAULT_CATALOG): string[] {
  const random = seededRandom(vendorNumber, "subscription", day);
  const growth = 1 + (Date.parse(`${day}T00:00:00Z`) / 86_400_000 - 19_000) * 0.002;
  const totalWeight = TERRITORIES.reduce((a, t) => a + t.weight, 0);
  const out: string[] = [];
  for (const sub of subscriptions(catalog)) {
    const app = parentOf(catalog, sub);
    for (const territory of TERRITORIES) {
      for (const device of ["iPhone", "iPad"]) {
        const base = (sub.dailyUnits * 30 * territory.weight * growth) / totalWeight * (device === "iPhone" ? 0.74 : 0.26);
        const active = randomCount(random, base);
        if (active === 0) continue;
        const trial = randomCount(random, base * 0.08);
        const retry = randomCount(random, base * 0.02);
        const grace = randomCount(random, base * 0.01);
        const price = customerPrice(sub, territory);
        out.push([
          app?.title ?? sub.title, app?.appleId ?? "", sub.title, sub.appleId, GROUP_ID, sub.period ?? "1 Month",
          "", "", formatMoney(price, territory.decimals), territory.currency, formatMoney(proceedsPerUnit(price, territory), territory.decimals), territory.currency,
          "No", "", "", device, "", territory.code,
          String(active), String(trial), "0", "0", "0", "0", "0", "0", "0", "0", String(Math.round(active * 0.2)), String(retry), String(grace), String(active + trial + retry + grace),
        ].join("\t"));
      }
    }
  }
  return out;
}

/** The Subscription Event report of one day: starts, renewals and cancellations. */
export function subscriptionEventLines(day: string, vendorNumber: string, catalog: readonly Product[] = DEFAULT_CATALOG): string[] {
  const random = seededRandom(vendorNumber, "subscription-event", day);
  const factor = dayFactor(vendorNumber, day);
  const out: string[] = [];
  const events: Array<[string, number, string]> = [["Subscribe", 0.3, ""], ["Renew", 0.6, ""], ["Cancel", 0.08, "Voluntary"], ["Billing Retry from Paid Subscription", 0.02, ""]];
  for (const sub of subscriptions(catalog)) {
    const app = parentOf(catalog, sub);
    for (const territory of TERRITORIES.slice(0, 8)) {
      for (const [event, share, reason] of events) {
        const quantity = randomCount(random, (sub.dailyUnits * share * factor * territory.weight) / 60);
        if (!quantity) continue;
        out.push([
          day, event, app?.title ?? sub.title, app?.appleId ?? "", sub.title, sub.appleId, GROUP_ID, sub.period ?? "1 Month", "", "", "No", "",
          "No", "", "", "", event === "Renew" ? "2" : "", "", "", "iPhone", "", territory.code, "", "", event === "Cancel" ? "12" : "", reason, "", String(quantity),
        ].join("\t"));
      }
    }
  }
  return out;
}

/** The Subscriber report of one day: one line per paid transaction, with anonymised subscriber ids. */
export function subscriberLines(day: string, vendorNumber: string, catalog: readonly Product[] = DEFAULT_CATALOG): string[] {
  const random = seededRandom(vendorNumber, "subscriber", day);
  const out: string[] = [];
  for (const sub of subscriptions(catalog)) {
    const app = parentOf(catalog, sub);
    for (const territory of TERRITORIES.slice(0, 6)) {
      const count = randomCount(random, (sub.dailyUnits * territory.weight) / 70);
      const price = customerPrice(sub, territory);
      for (let i = 0; i < count; i++) {
        const subscriberId = String(Math.floor(random() * 9e15) + 1e15);
        out.push([
          day, app?.title ?? sub.title, app?.appleId ?? "", sub.title, sub.appleId, GROUP_ID, sub.period ?? "1 Month", "", "", "", "", "",
          formatMoney(price, territory.decimals), territory.currency, formatMoney(proceedsPerUnit(price, territory), territory.decimals), territory.currency,
          "No", "", "", territory.code, subscriberId, "No", "", day, "1",
        ].join("\t"));
      }
    }
  }
  return out;
}
