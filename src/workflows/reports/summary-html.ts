import { describeDays, type SalesSummary, type SummaryGroup } from "./sales-summary.js";

/**
 * What the coverage card says about the days without sales: only when every day is a report with
 * sales or Apple's "no sales" answer is every day accounted for; days not published yet or expired
 * are holes in the totals, and the card says how many.
 */
function coverageNote(summary: SalesSummary): string {
  const noSales = summary.days.filter((d) => d.status === "no-sales").length;
  const holes = [
    summary.missingDays.length ? `${summary.missingDays.length} not published yet` : "",
    summary.expiredDays.length ? `${summary.expiredDays.length} expired at Apple, not counted` : "",
  ].filter(Boolean);
  if (holes.length) return holes.join(" · ");
  return noSales ? `every day accounted for (${noSales} without sales)` : "every day accounted for";
}

/**
 * One self-contained HTML page for a sales summary: inline CSS and SVG, no script, no font or
 * image from the network, so it opens the same way offline, in a mail attachment or in CI artefacts.
 * Every chart element carries `data-*` attributes with its value, for tests and for people who
 * want to scrape it.
 */
export function renderSummaryHtml(summary: SalesSummary, options: { generatedAt: number; title?: string }): string {
  const title = options.title ?? `Sales summary ${summary.from} – ${summary.to}`;
  const currency = summary.rates?.currency;
  const withSales = summary.days.filter((d) => d.status === "sales");
  const best = [...summary.days].sort((a, b) => b.units - a.units)[0];
  const topCurrencies = Object.entries(summary.totals.proceeds).sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]));
  const proceedsKpi =
    currency && summary.totals.converted !== undefined
      ? money(summary.totals.converted, currency)
      : topCurrencies.length
        ? money(topCurrencies[0]![1], topCurrencies[0]![0])
        : "—";
  const proceedsSub = currency
    ? `converted to ${currency} at Apple's rates${summary.unconverted.length ? `; not converted: ${summary.unconverted.join(", ")}` : ""}`
    : topCurrencies.length > 1
      ? `in ${topCurrencies[0]![0]}, plus ${topCurrencies.length - 1} other currencies`
      : "developer proceeds";

  const kpis = [
    kpi("units", "Units", int(summary.totals.units), `${summary.days.length} days · avg ${int(Math.round(summary.totals.units / Math.max(1, withSales.length)))} a day`),
    kpi("proceeds", "Proceeds", proceedsKpi, proceedsSub),
    kpi("best-day", "Best day", best ? shortDate(best.day) : "—", best ? `${int(best.units)} units` : ""),
    kpi("coverage", "Days with sales", `${withSales.length} / ${summary.days.length}`, coverageNote(summary)),
  ];

  const unitsChart = columnChart({
    id: "units-over-time",
    days: summary.days.map((d) => ({ day: d.day, status: d.status, parts: [{ key: "units", value: d.units }] })),
    colors: { units: "#4f6df5" },
    format: int,
    average: true,
  });

  let proceedsChart: string;
  let proceedsLegend = "";
  if (currency) {
    const ranked = Object.entries(summary.totals.proceeds)
      .map(([c, v]) => [c, c === currency ? v : v * (summary.rates!.perUnit[c] ?? 0)] as const)
      .filter(([, v]) => v !== 0)
      .sort((a, b) => b[1] - a[1]);
    const shown = ranked.slice(0, 5).map(([c]) => c);
    const palette = ["#12b886", "#4f6df5", "#f59f00", "#e64980", "#7048e8", "#adb5bd"];
    const colors: Record<string, string> = {};
    shown.forEach((c, i) => (colors[c] = palette[i]!));
    if (ranked.length > shown.length) colors.Other = palette[5]!;
    proceedsChart = columnChart({
      id: "proceeds-over-time",
      days: summary.days.map((d) => {
        const parts: Array<{ key: string; value: number }> = shown.map((c) => ({ key: c, value: round2((d.proceeds[c] ?? 0) * (c === currency ? 1 : (summary.rates!.perUnit[c] ?? 0))) }));
        const other = Object.entries(d.proceeds)
          .filter(([c]) => !shown.includes(c))
          .reduce((a, [c, v]) => a + v * (c === currency ? 1 : (summary.rates!.perUnit[c] ?? 0)), 0);
        if (colors.Other) parts.push({ key: "Other", value: round2(other) });
        return { day: d.day, status: d.status, parts };
      }),
      colors,
      format: (v) => money(v, currency),
      average: false,
    });
    proceedsLegend = legend(colors, `in ${currency}`);
  } else {
    const main = topCurrencies[0]?.[0] ?? "USD";
    proceedsChart = columnChart({
      id: "proceeds-over-time",
      days: summary.days.map((d) => ({ day: d.day, status: d.status, parts: [{ key: main, value: d.proceeds[main] ?? 0 }] })),
      colors: { [main]: "#12b886" },
      format: (v) => money(v, main),
      average: false,
    });
    proceedsLegend = legend({ [main]: "#12b886" }, topCurrencies.length > 1 ? `only ${main} shown: no exchange rates were available` : "");
  }

  const data = JSON.stringify({
    vendorNumber: summary.vendorNumber,
    from: summary.from,
    to: summary.to,
    totals: summary.totals,
    days: summary.days,
    rates: summary.rates ?? null,
    missingDays: summary.missingDays,
    expiredDays: summary.expiredDays,
  }).replace(/</g, "\\u003c");

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="asckit">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
  <div>
    <p class="eyebrow">App Store Connect · vendor ${esc(summary.vendorNumber)}</p>
    <h1>${esc(title)}</h1>
    <p class="muted">${esc(longDate(summary.from))} to ${esc(longDate(summary.to))} · daily Sales reports, Pacific time</p>
  </div>
  <p class="stamp">Generated ${esc(new Date(options.generatedAt).toISOString().replace("T", " ").slice(0, 16))} UTC</p>
</header>
<section class="kpis">${kpis.join("")}</section>
<section class="card wide">
  <div class="card-head"><h2>Units per day</h2>${legend({ units: "#4f6df5", "7-day average": "#1c2340" }, "updates and re-downloads excluded")}</div>
  ${unitsChart}
</section>
<section class="card wide">
  <div class="card-head"><h2>Proceeds per day</h2>${proceedsLegend}</div>
  ${proceedsChart}
</section>
<section class="grid3">
  ${rankCard("top-apps", "Top apps", summary.byApp, currency)}
  ${rankCard("top-territories", "Top territories", summary.byTerritory, currency)}
  ${rankCard("top-products", "Top products", summary.byProduct, currency)}
</section>
<section class="card wide">
  <h2>Proceeds by currency</h2>
  ${currencyTable(summary)}
</section>
<footer class="muted">
  <p>Units are the sum of the Units column without updates (7, 7F, 7T, F7) and re-downloads (3, 3F, 3T, F3); refunds count as negative units. Proceeds are Units × Developer Proceeds in the currency of proceeds${summary.rates ? `; converted with ${esc(summary.rates.source)}` : ""}.</p>
  ${summary.missingDays.length ? `<p>Not published yet, so left out: ${summary.missingDays.map(esc).join(", ")}.</p>` : ""}
  ${summary.expiredDays.length ? `<p data-note="expired">Expired at Apple (daily reports are kept for about a year), so not in any total: ${esc(describeDays(summary.expiredDays))}.</p>` : ""}
</footer>
</main>
<script type="application/json" id="summary-data">${data}</script>
</body>
</html>
`;
}

interface ColumnDay {
  day: string;
  status: string;
  parts: Array<{ key: string; value: number }>;
}

/** A column chart of days (stacked when a day has several parts), with gridlines and an optional 7-day average. */
function columnChart(spec: { id: string; days: ColumnDay[]; colors: Record<string, string>; format: (v: number) => string; average: boolean }): string {
  const W = 960;
  const H = 280;
  const pad = { left: 64, right: 16, top: 16, bottom: 36 };
  const innerW = W - pad.left - pad.right;
  const innerH = H - pad.top - pad.bottom;
  const totals = spec.days.map((d) => d.parts.reduce((a, p) => a + Math.max(0, p.value), 0));
  const max = niceCeiling(Math.max(1, ...totals));
  const step = innerW / Math.max(1, spec.days.length);
  const barW = Math.max(1, Math.min(28, step * 0.72));
  const y = (v: number) => pad.top + innerH - (v / max) * innerH;
  const grid: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    grid.push(`<line class="grid" x1="${pad.left}" x2="${W - pad.right}" y1="${f(y(v))}" y2="${f(y(v))}"/><text class="tick" x="${pad.left - 8}" y="${f(y(v) + 4)}" text-anchor="end">${esc(compact(v))}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(spec.days.length / 10));
  const bars: string[] = [];
  spec.days.forEach((d, i) => {
    const x = pad.left + i * step + (step - barW) / 2;
    let base = 0;
    const total = totals[i]!;
    const tip = `${shortDate(d.day)}: ${spec.format(total)}${d.status === "sales" ? "" : ` (${d.status})`}`;
    const rects = d.parts
      .filter((p) => p.value > 0)
      .map((p) => {
        const top = y(base + p.value);
        const h = y(base) - top;
        base += p.value;
        return `<rect class="bar" data-day="${d.day}" data-series="${esc(p.key)}" data-value="${p.value}" x="${f(x)}" y="${f(top)}" width="${f(barW)}" height="${f(Math.max(0.5, h))}" rx="${barW > 6 ? 2 : 0}" fill="${spec.colors[p.key] ?? "#999"}"><title>${esc(tip)}</title></rect>`;
      });
    if (d.status !== "sales") rects.push(`<text class="gap" x="${f(x + barW / 2)}" y="${f(pad.top + innerH - 4)}" text-anchor="middle">${d.status === "not-available" ? "…" : d.status === "expired" ? "×" : "·"}</text>`);
    bars.push(`<g class="day" data-day="${d.day}" data-status="${d.status}" data-total="${round2(total)}">${rects.join("")}</g>`);
    if (i % labelEvery === 0) bars.push(`<text class="tick" x="${f(x + barW / 2)}" y="${H - 12}" text-anchor="middle">${esc(shortDate(d.day))}</text>`);
  });
  let avg = "";
  if (spec.average && spec.days.length >= 7) {
    const pts: string[] = [];
    for (let i = 6; i < totals.length; i++) {
      const mean = totals.slice(i - 6, i + 1).reduce((a, b) => a + b, 0) / 7;
      pts.push(`${f(pad.left + i * step + step / 2)},${f(y(mean))}`);
    }
    avg = `<polyline class="avg" points="${pts.join(" ")}"/>`;
  }
  return `<figure class="chart" data-chart="${spec.id}" data-days="${spec.days.length}" data-max="${max}">
<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${esc(spec.id.replace(/-/g, " "))}">${grid.join("")}${bars.join("")}${avg}<line class="axis" x1="${pad.left}" x2="${W - pad.right}" y1="${pad.top + innerH}" y2="${pad.top + innerH}"/></svg>
</figure>`;
}

/** A ranked list with proportional bars (units), proceeds beside each. */
function rankCard(id: string, title: string, groups: SummaryGroup[], currency: string | undefined): string {
  const top = groups.slice(0, 8);
  const max = Math.max(1, ...top.map((g) => metric(g, currency)));
  const rows = top
    .map((g, i) => {
      const value = metric(g, currency);
      const width = Math.max(1.5, (Math.max(0, value) / max) * 100);
      const proceeds = currency && g.converted !== undefined ? (g.converted === 0 && g.units > 0 ? "free" : money(g.converted, currency)) : mainProceeds(g);
      return `<li class="rank" data-label="${esc(g.label)}" data-key="${esc(g.key)}" data-units="${g.units}" data-value="${round2(value)}">
  <div class="rank-line"><span class="rank-no">${i + 1}</span><span class="rank-label" title="${esc(g.label)}">${esc(g.label)}</span><span class="rank-value">${esc(proceeds)}</span></div>
  <svg class="rank-bar" viewBox="0 0 100 6" preserveAspectRatio="none" aria-hidden="true"><rect x="0" y="0" width="100" height="6" rx="3" class="track"/><rect x="0" y="0" width="${f(width)}" height="6" rx="3" class="fill"/></svg>
  <div class="rank-sub">${int(g.units)} units</div>
</li>`;
    })
    .join("");
  const more = groups.length > top.length ? `<p class="muted small">+ ${groups.length - top.length} more</p>` : "";
  return `<section class="card" data-chart="${id}"><h2>${esc(title)}</h2><p class="muted small">by ${currency ? `proceeds in ${currency}` : "units"}</p><ol class="ranks">${rows || '<li class="muted">No sales in this range.</li>'}</ol>${more}</section>`;
}

function currencyTable(summary: SalesSummary): string {
  const rate = (c: string) => (summary.rates ? (c === summary.rates.currency ? 1 : summary.rates.perUnit[c]) : undefined);
  // Largest first: by the converted amount when there are rates, amounts in different currencies do not compare.
  const entries = Object.entries(summary.totals.proceeds).sort((a, b) => (rate(b[0]) ?? 0) * b[1] - (rate(a[0]) ?? 0) * a[1] || a[0].localeCompare(b[0]));
  if (!entries.length) return `<p class="muted">No proceeds in this range.</p>`;
  const rows = entries
    .map(([c, v]) => {
      const r = rate(c);
      return `<tr data-currency="${esc(c)}" data-value="${v}"><td>${esc(c)}</td><td class="num">${esc(money(v, c))}</td><td class="num">${r === undefined ? "—" : esc(String(r))}</td><td class="num">${r === undefined || !summary.rates ? "—" : esc(money(v * r, summary.rates.currency))}</td></tr>`;
    })
    .join("");
  return `<table class="currencies"><thead><tr><th>Currency</th><th class="num">Proceeds</th><th class="num">Rate</th><th class="num">${summary.rates ? esc(summary.rates.currency) : "Converted"}</th></tr></thead><tbody>${rows}</tbody></table>`;
}

const metric = (g: SummaryGroup, currency: string | undefined) => (currency && g.converted !== undefined ? g.converted : g.units);

function mainProceeds(g: SummaryGroup): string {
  const entries = Object.entries(g.proceeds).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return g.units > 0 ? "free" : "—";
  return money(entries[0]![1], entries[0]![0]) + (entries.length > 1 ? ` +${entries.length - 1}` : "");
}

function kpi(id: string, label: string, value: string, sub: string): string {
  return `<div class="kpi" data-kpi="${id}"><p class="kpi-label">${esc(label)}</p><p class="kpi-value">${esc(value)}</p><p class="kpi-sub">${esc(sub)}</p></div>`;
}

function legend(colors: Record<string, string>, note: string): string {
  const items = Object.entries(colors)
    .map(([k, c]) => `<span class="key"><i style="background:${c}"></i>${esc(k)}</span>`)
    .join("");
  return `<div class="legend">${items}${note ? `<span class="muted small">${esc(note)}</span>` : ""}</div>`;
}

function niceCeiling(v: number): number {
  const exp = 10 ** Math.floor(Math.log10(v));
  const m = v / exp;
  const nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
  return nice * exp;
}

const f = (n: number) => (Math.round(n * 10) / 10).toString();
const round2 = (n: number) => Math.round(n * 100) / 100;
const int = (n: number) => new Intl.NumberFormat("en-US").format(n);
const compact = (n: number) => new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 }).format(n);
function money(n: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency, maximumFractionDigits: Math.abs(n) >= 1000 ? 0 : 2 }).format(n);
  } catch {
    return `${n.toFixed(2)} ${currency}`;
  }
}
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const shortDate = (day: string) => `${MONTHS[Number(day.slice(5, 7)) - 1]} ${Number(day.slice(8, 10))}`;
const longDate = (day: string) => `${shortDate(day)}, ${day.slice(0, 4)}`;
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const CSS = `
:root{--bg:#f5f6fa;--card:#fff;--ink:#1c2340;--muted:#6b7390;--line:#e6e8f0;--accent:#4f6df5}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;-webkit-font-smoothing:antialiased}
main{max-width:1120px;margin:0 auto;padding:32px 24px 48px}
header{display:flex;justify-content:space-between;align-items:flex-end;gap:16px;margin-bottom:24px}
h1{font-size:28px;margin:2px 0 4px;letter-spacing:-.02em}
h2{font-size:15px;margin:0;font-weight:600}
.eyebrow{margin:0;color:var(--accent);font-weight:600;font-size:12px;text-transform:uppercase;letter-spacing:.08em}
.muted{color:var(--muted)}.small{font-size:12px}
.stamp{color:var(--muted);font-size:12px;margin:0}
.kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:16px;margin-bottom:16px}
.kpi,.card{background:var(--card);border:1px solid var(--line);border-radius:14px;box-shadow:0 1px 2px rgba(28,35,64,.04),0 8px 24px rgba(28,35,64,.04)}
.kpi{padding:16px 18px}
.kpi-label{margin:0;color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.06em}
.kpi-value{margin:6px 0 2px;font-size:28px;font-weight:650;letter-spacing:-.02em;font-variant-numeric:tabular-nums}
.kpi-sub{margin:0;color:var(--muted);font-size:12px}
.card{padding:18px 20px;margin-bottom:16px}
.card-head{display:flex;justify-content:space-between;align-items:center;gap:12px;flex-wrap:wrap;margin-bottom:8px}
.legend{display:flex;gap:14px;align-items:center;flex-wrap:wrap;font-size:12px}
.key{display:inline-flex;align-items:center;gap:6px}.key i{width:10px;height:10px;border-radius:3px;display:inline-block}
.chart{margin:0}.chart svg{width:100%;height:auto;display:block}
.grid{stroke:var(--line);stroke-width:1}.axis{stroke:#c9cddb;stroke-width:1}
.tick{fill:var(--muted);font-size:11px}.gap{fill:var(--muted);font-size:14px}
.bar{transition:opacity .15s}.bar:hover{opacity:.75}
.avg{fill:none;stroke:var(--ink);stroke-width:2;stroke-linejoin:round;opacity:.8}
.grid3{display:grid;grid-template-columns:repeat(3,1fr);gap:16px}
.grid3 .card{margin-bottom:16px}
.ranks{list-style:none;margin:12px 0 0;padding:0}
.rank{margin-bottom:12px}
.rank-line{display:flex;align-items:baseline;gap:8px}
.rank-no{color:var(--muted);font-size:12px;width:14px}
.rank-label{flex:1;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;font-weight:500}
.rank-value{font-variant-numeric:tabular-nums;font-size:13px}
.rank-bar{width:100%;height:6px;display:block;margin:4px 0 2px}
.rank-bar .track{fill:#eef0f6}.rank-bar .fill{fill:var(--accent)}
.rank-sub{color:var(--muted);font-size:12px;padding-left:22px}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:8px}
th,td{padding:7px 8px;border-bottom:1px solid var(--line);text-align:left}
th{color:var(--muted);font-weight:500;font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.num{text-align:right;font-variant-numeric:tabular-nums}
footer{font-size:12px;margin-top:8px}
@media (max-width:820px){.kpis{grid-template-columns:repeat(2,1fr)}.grid3{grid-template-columns:1fr}header{flex-direction:column;align-items:flex-start}}
@media (prefers-color-scheme:dark){:root{--bg:#0f1320;--card:#171c2c;--ink:#e8ebf5;--muted:#98a0bc;--line:#262d42}.rank-bar .track{fill:#232a3d}.avg{stroke:#e8ebf5}}
`;
