// Benchmark of the KPI form's formula check as you type (issue 12: goal < 50 ms per keystroke on a 10,000-KPI agency).
// Each keystroke runs what the formula editor runs in the browser: the engine's parser and validateFormula against
// the compact model of the agency (components/kpi-form/authoring-checks.ts), and the autocomplete of the word being
// typed. Prints figures and returns them; it asserts nothing about time (STYLE.md: no timed tests).
// Run alone with: npx tsx tests/bench/formula-check-bench.ts

import { pathToFileURL } from "node:url";
import type { AuthoringModel } from "@/lib/dal/kpi-authoring";
import {
  checkFormulaDraft,
  findWordAt,
  suggestFormulaKpis,
  toEngineModel,
} from "@/components/kpi-form/authoring-checks";
import { BENCH_AGENCY, buildSyntheticAgency } from "./engine/synthetic-agency";

const FORMULAS_TYPED = 12;

export async function runFormulaCheckBench(): Promise<Record<string, number>> {
  const { model } = buildSyntheticAgency(BENCH_AGENCY);
  // What the page sends the browser once: code, name, IPO, frequency and formula of every KPI, and the links.
  const authoring: AuthoringModel = {
    fiscalYearStartMonth: model.agency.fiscalYearStartMonth,
    plan: model.plan,
    today: "2026-07-15",
    kpis: model.kpis.map((kpi) => ({
      code: kpi.code,
      name: `KPI ${kpi.code.replace(/[._]/g, " ")}`,
      ipo: kpi.ipo,
      frequency: kpi.frequency,
      formula: kpi.formula,
    })),
    links: model.links.map((link) => ({ from: link.from, to: link.to })),
  };
  const payloadKb = Buffer.byteLength(JSON.stringify(authoring)) / 1024;

  let start = performance.now();
  const engineModel = toEngineModel(authoring);
  const buildMs = performance.now() - start;

  // Retype existing formulas keystroke by keystroke, as their KPI's own editor (the worst case: the cycle search
  // runs through every other formula), spread over the agency.
  const formulaKpis = model.kpis.filter((kpi) => kpi.formula !== null);
  const step = Math.max(1, Math.floor(formulaKpis.length / FORMULAS_TYPED));
  const times: number[] = [];
  let invalidKeystrokes = 0;
  let suggestions = 0;
  for (let index = 0; index < formulaKpis.length && times.length < FORMULAS_TYPED * 200; index += step) {
    const kpi = formulaKpis[index]!;
    const formula = kpi.formula as string;
    for (let length = 1; length <= formula.length; length++) {
      const text = formula.slice(0, length);
      start = performance.now();
      const check = checkFormulaDraft(engineModel, { code: kpi.code, frequency: kpi.frequency }, text);
      const word = findWordAt(text, length);
      const suggested = suggestFormulaKpis(authoring.kpis, { code: kpi.code, frequency: kpi.frequency }, word.word);
      times.push(performance.now() - start);
      if (check.state === "invalid") invalidKeystrokes++;
      suggestions += suggested.length;
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  const figures: Record<string, number> = {
    kpis: authoring.kpis.length,
    formulaKpis: formulaKpis.length,
    links: authoring.links.length,
    authoringPayloadKb: round(payloadKb),
    buildEngineModelMs: round(buildMs),
    keystrokes: times.length,
    keystrokeMedianMs: round(quantile(sorted, 0.5), 2),
    keystrokeP95Ms: round(quantile(sorted, 0.95), 2),
    keystrokeMaxMs: round(sorted[sorted.length - 1] ?? 0, 2),
    invalidKeystrokes,
    averageSuggestions: round(suggestions / Math.max(1, times.length), 1),
  };
  console.log("\nFormula check as you type");
  console.log(
    `  agency                   ${figures.kpis} KPIs (${figures.formulaKpis} formulas), ${figures.links} links`,
  );
  console.log(
    `  compact model sent       ${figures.authoringPayloadKb} KB; engine model built in ${figures.buildEngineModelMs} ms`,
  );
  console.log(
    `  keystrokes checked       ${figures.keystrokes} (${figures.invalidKeystrokes} with the draft not yet valid)`,
  );
  console.log(`  per keystroke, median    ${figures.keystrokeMedianMs} ms`);
  console.log(`  per keystroke, p95       ${figures.keystrokeP95Ms} ms   goal < 50 ms`);
  console.log(`  per keystroke, max       ${figures.keystrokeMaxMs} ms`);
  return figures;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await runFormulaCheckBench();
}
