// Report bodies written by hand from Apple's column layouts (facts file §6), with placeholder ids.
import { gzipSync } from "node:zlib";
import { FINANCIAL_COLUMNS, SALES_COLUMNS, SUBSCRIPTION_COLUMNS } from "../../../src/workflows/reports/report-columns.js";

const tsv = (header: readonly string[], rows: string[][]) => [header.join("\t"), ...rows.map((r) => r.join("\t"))].join("\n") + "\n";

/** A SALES SUMMARY DAILY 1_0 report: an app download, a paid app in Japan, an in-app purchase, a refund. */
export const SALES_TSV = tsv(SALES_COLUMNS, [
  ["APPLE", "US", "com.example.weather", "Example Co", "Weather Pal", "2.1.0", "1F", "12", "0", "03/09/2024", "03/09/2024", "USD", "US", "USD", "1234567890", "0", "", "", "", "", "Weather", "", "iPhone", "iOS", "", "", "", ""],
  ["APPLE", "US", "com.example.pro", "Example Co", "Café Pro", "1.0", "1F", "3", "1390", "03/09/2024", "03/09/2024", "JPY", "JP", "JPY", "1234567891", "2000", "", "", "", "", "Productivity", "", "iPad", "iOS", "", "", "", ""],
  ["APPLE", "US", "com.example.weather.radar", "Example Co", "Radar Pack", "", "IA1", "5", "2.09", "03/09/2024", "03/09/2024", "EUR", "DE", "EUR", "1234567892", "2.99", "", "com.example.weather", "", "", "Weather", "", "iPhone", "iOS", "", "", "", ""],
  ["APPLE", "US", "com.example.weather.radar", "Example Co", "Radar Pack", "", "IA1", "-1", "2.09", "03/09/2024", "03/09/2024", "EUR", "FR", "EUR", "1234567892", "2.99", "", "com.example.weather", "", "", "Weather", "", "iPhone", "iOS", "", "", "", ""],
]);

/** A SUBSCRIPTION SUMMARY DAILY 1_3 report. */
export const SUBSCRIPTION_TSV = tsv(SUBSCRIPTION_COLUMNS, [
  ["Weather Pal", "1234567890", "Weather Pal Plus Monthly", "6447000001", "21000001", "1 Month", "", "", "4.99", "USD", "3.49", "USD", "No", "Rate After One Year", "", "iPhone", "CA", "US", "120", "14", "0", "0", "0", "0", "0", "0", "0", "0", "31", "2", "1", "136"],
]);

/** A FINANCIAL report for region US (two lines) with Apple's Total_* trailer. */
export const FINANCIAL_TSV =
  tsv(FINANCIAL_COLUMNS, [
    ["01/28/2024", "02/24/2024", "", "", "com.example.pro", "10", "6.99", "69.90", "USD", "S", "1234567891", "Example Co", "Café Pro", "", "", "1F", "", "US", "", "", "9.99", "USD"],
    ["01/28/2024", "02/24/2024", "", "", "com.example.pro", "-1", "6.99", "-6.99", "USD", "R", "1234567891", "Example Co", "Café Pro", "", "", "1F", "", "US", "", "", "9.99", "USD"],
  ]) + "\nTotal_Rows\t2\nTotal_Amount\t62.91\nTotal_Units\t9\n";

export const gz = (text: string | Buffer) => gzipSync(typeof text === "string" ? Buffer.from(text) : text);

/** The same text as several gzip members back to back, split at the given byte offsets. */
export function multiMember(text: string, cuts: number[]): Buffer {
  const bytes = Buffer.from(text);
  const bounds = [0, ...cuts, bytes.length];
  return Buffer.concat(bounds.slice(1).map((end, i) => gzipSync(bytes.subarray(bounds[i]!, end))));
}

/** An async source that hands out `bytes` in chunks of `size`. */
export async function* chunked(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}
