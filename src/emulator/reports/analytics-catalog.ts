import { randomCount } from "./seeded-random.js";

/** One analytics report Apple offers for every app, with a generator for one day of its rows. */
export interface AnalyticsReportSpec {
  name: string;
  category: "APP_USAGE" | "APP_STORE_ENGAGEMENT" | "COMMERCE" | "FRAMEWORK_USAGE" | "PERFORMANCE";
  columns: readonly string[];
  /** Rows (cells in column order, after Date/App Name/App Apple Identifier) for one day. */
  rows(random: () => number, scale: number): string[][];
}

const TERRITORIES = ["US", "GB", "DE", "JP", "FR", "CA", "AU", "BR", "IN", "CN"];
const WEIGHTS = [34, 8, 8, 9, 5, 5, 4, 4, 3, 6];
const DEVICES: Array<[string, string, number]> = [["iPhone", "iOS 17.5", 0.58], ["iPhone", "iOS 18.1", 0.17], ["iPad", "iPadOS 17.5", 0.25]];
const SOURCES: Array<[string, number]> = [["App Store search", 0.52], ["App Store browse", 0.21], ["Web referrer", 0.09], ["App referrer", 0.08], ["Unavailable", 0.1]];

function* cells(): Generator<[territory: string, weight: number, device: string, os: string, source: string, share: number]> {
  const total = WEIGHTS.reduce((a, b) => a + b, 0);
  for (let t = 0; t < TERRITORIES.length; t++) {
    for (const [device, os, ds] of DEVICES) {
      for (const [source, ss] of SOURCES) yield [TERRITORIES[t]!, WEIGHTS[t]! / total, device, os, source, ds * ss];
    }
  }
}

const PREFIX = ["Date", "App Name", "App Apple Identifier"] as const;
/** The seeded demo apps' version and build (VALID builds 1 and 2 of 1.0.0), so analytics match the emulator's builds. */
const APP_VERSION = "1.0.0";
const APP_BUILD = "2";

export const ANALYTICS_REPORTS: readonly AnalyticsReportSpec[] = [
  {
    name: "App Store Discovery and Engagement Standard",
    category: "APP_STORE_ENGAGEMENT",
    columns: [...PREFIX, "Event", "Page Type", "Source Type", "Engagement Type", "Device", "Platform Version", "Territory", "Counts", "Unique Counts"],
    rows(random, scale) {
      const out: string[][] = [];
      for (const [territory, tw, device, os, source, share] of cells()) {
        for (const [event, factor] of [["Impression", 40], ["Page view", 6], ["Tap", 3]] as const) {
          const counts = randomCount(random, scale * tw * share * factor);
          if (counts) out.push([event, "Product page", source, "", device, os, territory, String(counts), String(Math.max(1, Math.round(counts * 0.8)))]);
        }
      }
      return out;
    },
  },
  {
    name: "App Store Discovery and Engagement Detailed",
    category: "APP_STORE_ENGAGEMENT",
    columns: [...PREFIX, "Event", "Page Type", "Source Type", "Source Info", "Campaign", "Page Title", "Engagement Type", "Device", "Platform Version", "Territory", "Counts", "Unique Counts"],
    rows(random, scale) {
      const out: string[][] = [];
      for (const [territory, tw, device, os, source, share] of cells()) {
        const counts = randomCount(random, scale * tw * share * 40);
        if (counts) out.push(["Impression", "Store sheet", source, source === "Web referrer" ? "example.com" : "", "", "Default", "", device, os, territory, String(counts), String(Math.round(counts * 0.8))]);
      }
      return out;
    },
  },
  {
    name: "App Downloads Standard",
    category: "COMMERCE",
    columns: [...PREFIX, "Download Type", "App Version", "Device", "Platform Version", "Source Type", "Source Info", "Campaign", "Page Type", "Page Title", "Pre-Order", "Territory", "Counts"],
    rows(random, scale) {
      const out: string[][] = [];
      for (const [territory, tw, device, os, source, share] of cells()) {
        for (const [type, factor] of [["First-time download", 1], ["Redownload", 0.15]] as const) {
          const counts = randomCount(random, scale * tw * share * factor);
          if (counts) out.push([type, APP_VERSION, device, os, source, "", "", "Product page", "Default", "", territory, String(counts)]);
        }
      }
      return out;
    },
  },
  {
    name: "App Store Purchases Standard",
    category: "COMMERCE",
    columns: [...PREFIX, "Purchase Type", "Content Name", "Payment Method", "Device", "Platform Version", "Source Type", "Territory", "Purchases", "Proceeds In USD", "Sales In USD", "Paying Users"],
    rows(random, scale) {
      const out: string[][] = [];
      for (const [territory, tw, device, os, source, share] of cells()) {
        const purchases = randomCount(random, scale * tw * share * 0.12);
        if (purchases) out.push(["In-App Purchase", "Demo App Pro Unlock", "Credit Card", device, os, source, territory, String(purchases), (purchases * 3.49).toFixed(2), (purchases * 4.99).toFixed(2), String(purchases)]);
      }
      return out;
    },
  },
  {
    name: "App Sessions Standard",
    category: "APP_USAGE",
    columns: [...PREFIX, "App Version", "Device", "Platform Version", "Source Type", "Territory", "Sessions", "Total Session Duration", "Unique Devices"],
    rows(random, scale) {
      const out: string[][] = [];
      for (const [territory, tw, device, os, source, share] of cells()) {
        const devices = randomCount(random, scale * tw * share * 9);
        if (!devices) continue;
        const sessions = devices + randomCount(random, devices * 1.7);
        out.push([APP_VERSION, device, os, source, territory, String(sessions), String(sessions * (90 + Math.floor(random() * 200))), String(devices)]);
      }
      return out;
    },
  },
  {
    name: "App Store Installation and Deletion Standard",
    category: "APP_USAGE",
    columns: [...PREFIX, "Event", "Download Type", "App Version", "Device", "Platform Version", "Source Type", "Territory", "Counts", "Unique Devices"],
    rows(random, scale) {
      const out: string[][] = [];
      for (const [territory, tw, device, os, source, share] of cells()) {
        for (const [event, factor] of [["Install", 1.1], ["Delete", 0.4]] as const) {
          const counts = randomCount(random, scale * tw * share * factor);
          if (counts) out.push([event, "First-time download", APP_VERSION, device, os, source, territory, String(counts), String(counts)]);
        }
      }
      return out;
    },
  },
  {
    name: "App Crashes",
    category: "PERFORMANCE",
    columns: [...PREFIX, "App Version", "Build", "Device", "Platform Version", "Crashes", "Unique Devices"],
    rows(random, scale) {
      const out: string[][] = [];
      for (const [device, os] of DEVICES) {
        const crashes = randomCount(random, scale * 0.05);
        if (crashes) out.push([APP_VERSION, APP_BUILD, device, os, String(crashes), String(Math.max(1, Math.round(crashes * 0.7)))]);
      }
      return out;
    },
  },
];
