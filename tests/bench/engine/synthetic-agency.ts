// A synthetic agency for the engine benchmark, built deterministically from a seed: KPIs on ten levels (input →
// process → outcome), a fifth of them formulas over lower levels, driver links from each level to the next (so the
// driver chains are as deep as the levels) plus random links upwards, monthly measurements, nested objectives and
// key results.

import {
  createHealthModel,
  createKpiDefinition,
  formatPeriodKey,
  type DriverLink,
  type HealthModel,
  type Ipo,
  type KeyResultDefinition,
  type KpiDefinition,
  type ObjectiveDefinition,
  type Zone,
} from "@/lib/domain";

export interface SyntheticAgencyOptions {
  seed: number;
  kpiCount: number;
  levels: number;
  formulaShare: number;
  linksPerKpi: number;
  months: number;
  /** The first measured month, YYYY-MM. */
  firstMonth: string;
  objectiveCount: number;
  keyResultCount: number;
}

export const BENCH_AGENCY: SyntheticAgencyOptions = {
  seed: 20260702,
  kpiCount: 10_000,
  levels: 10,
  formulaShare: 0.2,
  linksPerKpi: 2,
  months: 24,
  firstMonth: "2024-07",
  objectiveCount: 300,
  keyResultCount: 1_000,
};

/** mulberry32: a small, fast, seeded generator — the same agency on every run. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticAgency {
  model: HealthModel;
  /** KPI codes by level, level 0 first. */
  levels: string[][];
  /** The last measured period key. */
  latestPeriod: string;
}

export function buildSyntheticAgency(options: SyntheticAgencyOptions = BENCH_AGENCY): SyntheticAgency {
  const random = createRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const [firstYear, firstMonthNumber] = options.firstMonth.split("-").map(Number) as [number, number];
  const firstMonthIndex = firstYear * 12 + firstMonthNumber - 1;
  const periodKeys = Array.from({ length: options.months }, (_, i) =>
    formatPeriodKey({ frequency: "monthly", index: firstMonthIndex + i }),
  );

  const levels: string[][] = Array.from({ length: options.levels }, () => []);
  const kpis: KpiDefinition[] = [];
  const measurements: Record<string, Record<string, number>> = {};
  const formulaCount = Math.round(options.kpiCount * options.formulaShare);
  const nonBottomCount = options.kpiCount - Math.ceil(options.kpiCount / options.levels);
  let formulasLeft = formulaCount;
  let nonBottomLeft = nonBottomCount;

  for (let i = 0; i < options.kpiCount; i++) {
    const level = Math.floor((i * options.levels) / options.kpiCount);
    const code = `l${level}.k${i}`;
    const ipo: Ipo = level < 3 ? "input" : level < 7 ? "process" : "outcome";
    const direction = pick(["increase", "increase", "decrease", "maintain"] as const);
    const scale = 50 + Math.floor(random() * 950);
    // Exactly `formulaCount` formulas, spread over the levels above the bottom one.
    const isFormula = level > 0 && random() < formulasLeft / nonBottomLeft;
    if (level > 0) nonBottomLeft--;
    let formula: string | null = null;
    if (isFormula) {
      formulasLeft--;
      const lower = () => pick(levels[Math.floor(random() * level)] as string[]);
      const a = lower();
      const b = lower();
      const c = lower();
      formula = pick([
        `${a} / ${b} * 100`,
        `${a} + ${b} - ${c}`,
        `round(${a} / ${b}, 2)`,
        `max(${a}, ${b}) - min(${a}, ${c})`,
      ]);
    }
    const target = direction === "increase" ? scale * 1.2 : direction === "decrease" ? scale * 0.8 : scale;
    kpis.push(
      createKpiDefinition({
        code,
        ipo,
        direction,
        frequency: "monthly",
        aggregation: pick(["sum", "avg", "last"] as const),
        baseline: direction === "maintain" || formula !== null ? null : scale,
        target: formula !== null ? null : target,
        targets: random() < 0.1 ? { [periodKeys[periodKeys.length - 1] as string]: target * 1.05 } : {},
        tolerance: direction === "maintain" ? scale * 0.05 : 0,
        formula,
        lagDays: pick([15, 30, 45]),
      }),
    );
    levels[level]?.push(code);
    if (formula === null) {
      const series: Record<string, number> = {};
      let value = scale;
      for (const key of periodKeys) {
        value = Math.max(1, value * (0.95 + random() * 0.12));
        series[key] = Math.round(value * 100) / 100;
      }
      measurements[code] = series;
    }
  }

  // Every KPI above the bottom level is driven by one on the level below (driver chains as deep as the levels),
  // and the rest of the links run from a random lower level upwards; links never run downwards, so no cycles.
  const links: DriverLink[] = [];
  const linked = new Set<string>();
  const addLink = (from: string, to: string) => {
    const key = `${from}>${to}`;
    if (linked.has(key)) return false;
    linked.add(key);
    links.push({ from, to, weight: pick([1, 1, 2, 0.5]), polarity: random() < 0.7 ? "positive" : "negative" });
    return true;
  };
  for (let level = 1; level < options.levels; level++) {
    for (const to of levels[level] as string[]) addLink(pick(levels[level - 1] as string[]), to);
  }
  const linkTotal = Math.round(options.kpiCount * options.linksPerKpi);
  while (links.length < linkTotal) {
    const toLevel = 1 + Math.floor(random() * (options.levels - 1));
    addLink(pick(levels[Math.floor(random() * toLevel)] as string[]), pick(levels[toLevel] as string[]));
  }

  const objectives: ObjectiveDefinition[] = [];
  for (let i = 0; i < options.objectiveCount; i++) {
    const parent = i < options.objectiveCount / 10 ? null : (objectives[Math.floor(random() * i)]?.code ?? null);
    objectives.push({ code: `O${i}`, parent, weight: pick([1, 1, 2, 3]) });
  }
  const outcomes = kpis.filter((kpi) => kpi.ipo === "outcome");
  const keyResults: KeyResultDefinition[] = [];
  for (let i = 0; i < options.keyResultCount; i++) {
    const objective = pick(objectives).code;
    const roll = random();
    const code = `KR${i}`;
    const weight = pick([1, 1, 2]);
    if (roll < 0.7) {
      const kpi = pick(outcomes);
      const start = kpi.baseline ?? 100;
      keyResults.push({
        code,
        objective,
        kind: "metric",
        kpi: kpi.code,
        start,
        target: kpi.direction === "decrease" ? start * 0.7 : start * 1.3,
        weight,
      });
    } else if (roll < 0.9) {
      keyResults.push({ code, objective, kind: "milestone", progress: Math.round(random() * 100) / 100, weight });
    } else {
      keyResults.push({
        code,
        objective,
        kind: "qualitative",
        zone: pick(["fail", "commit", "target", "stretch", null] as (Zone | null)[]),
        weight,
      });
    }
  }

  const model = createHealthModel({
    agency: { fiscalYearStartMonth: 7, thresholds: { onTrack: 0.9, atRisk: 0.7 } },
    plan: { start: "2024-07-01", end: "2028-06-30" },
    kpis,
    links,
    objectives,
    keyResults,
    measurements,
  });
  return { model, levels, latestPeriod: periodKeys[periodKeys.length - 1] as string };
}

/** The number of links on the longest driver chain. */
export function measureDriverDepth(model: HealthModel): number {
  const depth = new Map<string, number>();
  const incoming = new Map<string, string[]>();
  for (const link of model.links) {
    const list = incoming.get(link.to);
    if (list) list.push(link.from);
    else incoming.set(link.to, [link.from]);
  }
  // KPIs are listed level by level and links only run upwards, so one pass in model order suffices.
  let deepest = 0;
  for (const kpi of model.kpis) {
    let own = 0;
    for (const from of incoming.get(kpi.code) ?? []) own = Math.max(own, (depth.get(from) ?? 0) + 1);
    depth.set(kpi.code, own);
    deepest = Math.max(deepest, own);
  }
  return deepest;
}
