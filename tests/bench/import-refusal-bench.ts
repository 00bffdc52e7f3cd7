// Benchmark of refusing hostile documents (issue 13, item 2): the checker (lib/document/check-document.ts) on
// documents built to be slow to check — 20,000 departments in two-cycles (measured before the fix: 11.7 s at 8,000,
// quadratic), the same with objectives, driver links and formulas, and a chain of 20,000 formulas that is valid but
// was quadratic to check. The checker is the cost an import pays before it refuses, outside the agency's lock
// (lib/dal/document-import.ts); the snapshot of an empty agency it checks against is read in milliseconds. Prints
// the median and worst of a few runs; asserts nothing about time (STYLE.md: no timed tests).
// Run alone with: npx tsx --conditions=react-server tests/bench/import-refusal-bench.ts

import { pathToFileURL } from "node:url";
import { checkDocument } from "@/lib/document/check-document";
import type { DriverTreeDocument } from "@/lib/document/types";

const RUNS = 5;
const COUNT = 20_000;

const partner = (i: number) => (i % 2 === 0 ? i + 1 : i - 1);

function baseDocument(): DriverTreeDocument {
  return {
    format: "drivertree/v1",
    agency: { name: "Bench City", fiscalYearStartMonth: 1 },
    departments: [{ code: "CM", name: "City Manager's Office", parent: null }],
    plan: { code: "P", name: "Plan", start: "2026-01-01", end: "2026-12-31" },
    kpis: [],
    links: [],
    objectives: [],
    measurements: [],
  } as unknown as DriverTreeDocument;
}

const kpis = (formula: (i: number) => string | null) =>
  Array.from({ length: COUNT }, (_, i) => ({
    code: `k${i}`,
    name: `KPI ${i}`,
    ipo: "process",
    direction: "increase",
    frequency: "monthly",
    department: "CM",
    formula: formula(i),
  }));

const DOCUMENTS: Record<string, () => unknown> = {
  departmentTwoCycles: () => ({
    ...baseDocument(),
    departments: Array.from({ length: COUNT }, (_, i) => ({ code: `D${i}`, name: `D${i}`, parent: `D${partner(i)}` })),
  }),
  objectiveTwoCycles: () => ({
    ...baseDocument(),
    objectives: Array.from({ length: COUNT }, (_, i) => ({ code: `O${i}`, title: `O${i}`, parent: `O${partner(i)}` })),
  }),
  linkTwoCycles: () => ({
    ...baseDocument(),
    kpis: kpis(() => null),
    links: Array.from({ length: COUNT }, (_, i) => ({ from: `k${i}`, to: `k${partner(i)}` })),
  }),
  formulaTwoCycles: () => ({ ...baseDocument(), kpis: kpis((i) => `k${partner(i)}`) }),
  formulaChainValid: () => ({ ...baseDocument(), kpis: kpis((i) => (i === 0 ? null : `k${i - 1} + 1`)) }),
};

export async function runImportRefusalBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  console.log(`\nChecking hostile documents (${COUNT.toLocaleString("en-US")} objects each, ${RUNS} runs)`);
  for (const [name, build] of Object.entries(DOCUMENTS)) {
    const document = build();
    const times: number[] = [];
    let problems = 0;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      const result = checkDocument(document);
      times.push(performance.now() - start);
      problems = result.ok ? 0 : result.problems.length;
    }
    times.sort((a, b) => a - b);
    figures[`${name}MedianMs`] = round(times[Math.floor(RUNS / 2)] as number);
    figures[`${name}WorstMs`] = round(times[RUNS - 1] as number);
    figures[`${name}Problems`] = problems;
    console.log(
      `  ${name.padEnd(22)} median ${figures[`${name}MedianMs`]} ms, worst ${figures[`${name}WorstMs`]} ms, ` +
        `${problems} problem(s)`,
    );
  }
  return figures;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runImportRefusalBench();
}
