// `npm run bench`: runs every benchmark, prints its figures, and writes them all to
// bench-results/latest.json so that runs can be compared. Timings on a shared machine are
// noisy: each benchmark reports medians and ratios measured in one run.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runEngineBench } from "./engine-bench";
import { runDalBench } from "./dal-bench";
import { runViewsBench } from "./views-bench";
import { runApiBench } from "./api-bench";
import { runPublicBench } from "./public-bench";

const benchmarks: [string, () => Promise<Record<string, number>>][] = [
  ["engine", runEngineBench],
  ["dal", runDalBench],
  ["views", runViewsBench],
  ["api", runApiBench],
  ["public", runPublicBench],
];

const only = process.argv.slice(2);
const results: Record<string, Record<string, number>> = {};
for (const [name, run] of benchmarks) {
  if (only.length > 0 && !only.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  results[name] = await run();
}

const output = {
  at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version },
  results,
};
const directory = path.resolve(import.meta.dirname, "../../bench-results");
fs.mkdirSync(directory, { recursive: true });
fs.writeFileSync(path.join(directory, "latest.json"), JSON.stringify(output, null, 2) + "\n");
console.log(`\nWrote ${path.relative(process.cwd(), path.join(directory, "latest.json"))}`);
process.exit(0);
