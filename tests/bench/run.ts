// `npm run bench [-- <name>…]`: runs the benchmarks (all, or those named), prints their figures, and writes them all
// to bench-results/latest.json so that runs can be compared. Timings on a shared machine are noisy: each benchmark
// reports medians and ratios measured in one run.
//
// Each benchmark runs in a process of its own: they set up their own databases, and the app's database settings and
// pool are made once per process (lib/env.ts, lib/db.ts), as in a server.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const benchmarks: Record<string, () => Promise<Record<string, number>>> = {
  engine: async () => (await import("./engine-bench")).runEngineBench(),
  dal: async () => (await import("./dal-bench")).runDalBench(),
  views: async () => (await import("./views-bench")).runViewsBench(),
  api: async () => (await import("./api-bench")).runApiBench(),
  public: async () => (await import("./public-bench")).runPublicBench(),
  templates: async () => (await import("./templates-bench")).runTemplatesBench(),
  formulaCheck: async () => (await import("./formula-check-bench")).runFormulaCheckBench(),
  importRefusal: async () => (await import("./import-refusal-bench")).runImportRefusalBench(),
};

const args = process.argv.slice(2);
const childOutput = args[0] === "--child" ? args[1] : undefined;

if (childOutput !== undefined) {
  // One benchmark, in this process: its figures go to the file the parent named.
  const name = args[2] as string;
  const results = await benchmarks[name]!();
  fs.writeFileSync(childOutput, JSON.stringify(results));
  process.exit(0);
}

const unknown = args.filter((name) => !(name in benchmarks));
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(", ")}; choose from ${Object.keys(benchmarks).join(", ")}.`);
  process.exit(2);
}
const names = args.length > 0 ? args : Object.keys(benchmarks);
const results: Record<string, Record<string, number>> = {};
const tsx = path.resolve(import.meta.dirname, "../../node_modules/.bin/tsx");
for (const name of names) {
  console.log(`\n=== ${name} ===`);
  const output = path.join(os.tmpdir(), `throughline-bench-${process.pid}-${name}.json`);
  const child = spawnSync(tsx, ["--conditions=react-server", import.meta.filename, "--child", output, name], {
    stdio: "inherit",
  });
  if (child.status !== 0 || !fs.existsSync(output)) {
    console.error(`The ${name} benchmark failed (exit ${child.status ?? child.signal}).`);
    process.exit(1);
  }
  results[name] = JSON.parse(fs.readFileSync(output, "utf8")) as Record<string, number>;
  fs.rmSync(output);
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
