// Benchmark of the health engine on a synthetic agency (10,000 KPIs, 24 monthly periods each, 300 objectives,
// 1,000 key results). Prints figures and returns them; it asserts nothing about time (STYLE.md: no timed tests).
// Run alone with: npx tsx tests/bench/engine-bench.ts

import { pathToFileURL } from "node:url";
import {
  applyChange,
  mergeRecomputation,
  recomputeAffected,
  recomputeAll,
  type HealthModel,
  type HealthResults,
  type ModelChange,
} from "@/lib/domain";
import { BENCH_AGENCY, buildSyntheticAgency, measureDriverDepth } from "./engine/synthetic-agency";

const AS_OF = "2026-07-15";
const FULL_RUNS = 5;
const INCREMENTAL_RUNS = 20;

export async function runEngineBench(): Promise<Record<string, number>> {
  let peakHeap = 0;
  const sampleHeap = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  };

  const buildStart = performance.now();
  const { model, levels, latestPeriod } = buildSyntheticAgency(BENCH_AGENCY);
  const buildMs = performance.now() - buildStart;
  sampleHeap();

  // The first full recompute also parses every formula and builds the model's index; later ones reuse the index,
  // as a server does between requests.
  let start = performance.now();
  let fullResults: HealthResults = recomputeAll(model, AS_OF);
  const fullColdMs = performance.now() - start;
  sampleHeap();
  const fullTimes: number[] = [];
  for (let run = 0; run < FULL_RUNS; run++) {
    start = performance.now();
    fullResults = recomputeAll(model, AS_OF);
    fullTimes.push(performance.now() - start);
    sampleHeap();
  }
  const fullMs = median(fullTimes);

  // The input-level KPI whose change reaches the most nodes: the realistic worst case among inputs.
  const input = chooseBusiestInput(model, levels[0] ?? []);
  const baseValue = model.measurements[input]?.[latestPeriod] ?? 100;
  const changeFor = (run: number): ModelChange => ({
    type: "measurements",
    measurements: [{ kpi: input, period: latestPeriod, value: Math.round(baseValue * (0.5 + run / 10) * 100) / 100 }],
  });
  const incrementalTimes: number[] = [];
  let touched = 0;
  for (let run = 0; run < INCREMENTAL_RUNS; run++) {
    start = performance.now();
    const recomputation = recomputeAffected(model, fullResults, changeFor(run), AS_OF);
    incrementalTimes.push(performance.now() - start);
    touched = recomputation.results.size;
    sampleHeap();
  }
  const incrementalMs = median(incrementalTimes);

  // The same change on a model whose lists are new objects: the index is rebuilt first (a cold server).
  const coldModel: HealthModel = {
    ...model,
    kpis: [...model.kpis],
    links: [...model.links],
    objectives: [...model.objectives],
    keyResults: [...model.keyResults],
  };
  start = performance.now();
  recomputeAffected(coldModel, fullResults, changeFor(0), AS_OF);
  const incrementalColdMs = performance.now() - start;
  sampleHeap();

  // Not a timing: a check that the incremental answer is the full one, on this large model too.
  const change = changeFor(INCREMENTAL_RUNS - 1);
  const merged = mergeRecomputation(fullResults, recomputeAffected(model, fullResults, change, AS_OF));
  const expected = recomputeAll(applyChange(model, change), AS_OF);
  const isIncrementalEqualToFull =
    merged.size === expected.size &&
    [...expected].every(([id, result]) => JSON.stringify(merged.get(id)) === JSON.stringify(result));
  sampleHeap();

  const figures: Record<string, number> = {
    kpis: model.kpis.length,
    formulaKpis: model.kpis.filter((kpi) => kpi.formula !== null).length,
    links: model.links.length,
    driverDepth: measureDriverDepth(model),
    periodsPerKpi: BENCH_AGENCY.months,
    objectives: model.objectives.length,
    keyResults: model.keyResults.length,
    nodes: fullResults.size,
    buildModelMs: round(buildMs),
    fullRecomputeColdMs: round(fullColdMs),
    fullRecomputeMs: round(fullMs),
    incrementalMedianMs: round(incrementalMs, 3),
    incrementalColdMs: round(incrementalColdMs),
    nodesTouched: touched,
    ratioFullToIncremental: round(fullMs / incrementalMs, 1),
    incrementalEqualsFull: isIncrementalEqualToFull ? 1 : 0,
    peakHeapMb: round(peakHeap / 1024 / 1024, 1),
  };
  printTable(figures, input);
  return figures;
}

function chooseBusiestInput(model: HealthModel, inputs: readonly string[]): string {
  let best = inputs[0] as string;
  let bestCount = -1;
  for (const code of inputs.slice(0, 200)) {
    const change: ModelChange = { type: "measurements", measurements: [{ kpi: code, period: "2000-01", value: 1 }] };
    const count = recomputeAffected(model, new Map(), change, AS_OF).results.size;
    if (count > bestCount) {
      best = code;
      bestCount = count;
    }
  }
  return best;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function printTable(figures: Record<string, number>, input: string): void {
  const rows: [string, string][] = [
    [
      "agency",
      `${figures.kpis} KPIs (${figures.formulaKpis} formulas), ${figures.links} links, driver depth ${figures.driverDepth}`,
    ],
    [
      "",
      `${figures.periodsPerKpi} monthly periods, ${figures.objectives} objectives, ${figures.keyResults} key results`,
    ],
    ["full recompute (cold: index built)", `${figures.fullRecomputeColdMs} ms`],
    [`full recompute (median of ${FULL_RUNS})`, `${figures.fullRecomputeMs} ms   goal < 2000 ms`],
    [`incremental, one input's latest value (median of ${INCREMENTAL_RUNS})`, `${figures.incrementalMedianMs} ms`],
    ["incremental (cold: index built)", `${figures.incrementalColdMs} ms`],
    ["nodes touched", `${figures.nodesTouched} of ${figures.nodes} (changed ${input})`],
    ["full / incremental", `${figures.ratioFullToIncremental}×   goal ≥ 100×`],
    ["incremental equals full recompute", figures.incrementalEqualsFull === 1 ? "yes" : "NO"],
    ["peak heap", `${figures.peakHeapMb} MB`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log("\nHealth engine benchmark");
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  runEngineBench().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
