#!/usr/bin/env node
/**
 * Renders bench/run.js result files as the markdown table of bench/RESULTS.md:
 *   node bench/table.js before.json after.json ...
 * One row per scenario and file: req/s and p50 of the minimal-query server, the same-SQL ceiling
 * and Bazaar, Bazaar's share of each, each server process's CPU time per request (when measured),
 * and the load average when the scenario ended.
 */
const { readFileSync } = require('node:fs');
const { basename } = require('node:path');

const rows = [
  '| run | scenario | minimal req/s (p50 ms) | ceiling req/s (p50) | Bazaar req/s (p50) | of minimal | of ceiling | Node CPU µs/req: minimal / ceiling / Bazaar | load (1/5/15 min) |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
];
for (const file of process.argv.slice(2)) {
  const run = JSON.parse(readFileSync(file, 'utf8'));
  for (const r of run.results) {
    const cell = (x) => (x ? `${x.rps.toFixed(0)} (${x.p50})` : '—');
    const pct = (x) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(0)} %`);
    rows.push(
      `| ${basename(file, '.json')} (${run.products.toLocaleString('en')} products) | ${r.scenario} | ${cell(r.minimal)} | ${cell(r.ceiling)} | ${cell(r.bazaar)} | ${pct(r.ofMinimal)} | ${pct(r.ofCeiling)} | ${['minimal', 'ceiling', 'bazaar'].map((k) => r[k]?.cpuUs ?? '—').join(' / ')} | ${(r.load ?? []).map((l) => l.toFixed(1)).join(' / ')} |`,
    );
  }
}
console.log(rows.join('\n'));
