// fast-check generators of small random models and changes for the engine's property tests. KPIs are numbered and
// every formula and link runs from a lower number to a higher one, so formulas and links are acyclic (as the write
// path guarantees) while everything else — values, targets, dates, weights, frequencies — is free, including the
// awkward cases: zero and negative targets, missing periods, data after asOf, composite KPIs, empty objectives.

import fc from "fast-check";
import {
  formatIsoDate,
  formatPeriodKey,
  parseIsoDate,
  type AgencySettings,
  type Aggregation,
  type Direction,
  type DriverLink,
  type Frequency,
  type HealthModel,
  type Ipo,
  type KeyResultDefinition,
  type KpiDefinition,
  type ModelChange,
  type ObjectiveDefinition,
  type Zone,
} from "@/lib/domain";

const FREQUENCIES: Frequency[] = ["monthly", "quarterly", "annual"];
const AGGREGATIONS: Aggregation[] = ["sum", "avg", "last"];
const DIRECTIONS: Direction[] = ["increase", "decrease", "maintain"];
const IPOS: Ipo[] = ["input", "process", "outcome"];
const ZONES: (Zone | null)[] = ["fail", "commit", "target", "stretch", null];
const NUMBERS = [0, 1, 2, 5, 10, 12, 15, 24, 25, 30, 50, 80, 90, 100, 120, -5, -10, 0.5, 0.3];

const DAY_2024_01_01 = parseIsoDate("2024-01-01") as number;
const DAY_2027_12_31 = parseIsoDate("2027-12-31") as number;

export const arbitraryDate = fc.integer({ min: DAY_2024_01_01, max: DAY_2027_12_31 }).map((day) => formatIsoDate(day));

/** The dates the engine is asked about: mostly 2025–2026, where the random data lies. */
export const arbitraryAsOf = fc
  .integer({ min: parseIsoDate("2025-01-01") as number, max: parseIsoDate("2026-12-31") as number })
  .map((day) => formatIsoDate(day));

const arbitraryNumber = fc.constantFrom(...NUMBERS);

/** A period key of a frequency, between 2024 and 2027. */
export function arbitraryPeriodKey(frequency: Frequency): fc.Arbitrary<string> {
  if (frequency === "monthly") {
    return fc.integer({ min: 2024 * 12, max: 2027 * 12 + 11 }).map((index) => formatPeriodKey({ frequency, index }));
  }
  if (frequency === "quarterly") {
    return fc.integer({ min: 2024 * 4, max: 2027 * 4 + 3 }).map((index) => formatPeriodKey({ frequency, index }));
  }
  return fc.integer({ min: 2024, max: 2027 }).map((index) => formatPeriodKey({ frequency, index }));
}

interface KpiShape {
  ipoLevel: number;
  direction: Direction;
  frequency: Frequency;
  aggregation: Aggregation;
  baseline: number | null;
  target: number | null;
  tolerance: number;
  thresholds: KpiDefinition["thresholds"];
  lagDays: number;
  wantsFormula: boolean;
  formulaTemplate: number;
  formulaPicks: number[];
  targetsCount: number;
  /** Some KPIs get no measurements at all: with drivers they are composite. */
  isMeasured: boolean;
}

const arbitraryKpiShape: fc.Arbitrary<KpiShape> = fc.record({
  ipoLevel: fc.integer({ min: 0, max: 2 }),
  direction: fc.constantFrom(...DIRECTIONS),
  frequency: fc.constantFrom<Frequency>("monthly", "monthly", "quarterly", "annual"),
  aggregation: fc.constantFrom(...AGGREGATIONS),
  baseline: fc.option(arbitraryNumber, { freq: 2 }),
  target: fc.option(arbitraryNumber, { freq: 5 }),
  tolerance: fc.constantFrom(0, 0, 1, 5),
  thresholds: fc.option(
    fc.oneof(
      fc.record({ onTrack: fc.constantFrom(0.8, 0.95, 1) }),
      fc.record({ atRisk: fc.constantFrom(0.5, 0.75) }),
      fc.record({ onTrack: fc.constantFrom(0.85), atRisk: fc.constantFrom(0.6) }),
    ),
    { freq: 4 },
  ),
  lagDays: fc.constantFrom(0, 15, 30, 90),
  wantsFormula: fc.boolean(),
  formulaTemplate: fc.integer({ min: 0, max: 5 }),
  formulaPicks: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  targetsCount: fc.integer({ min: 0, max: 2 }),
  isMeasured: fc.boolean().chain((isMeasured) => (isMeasured ? fc.constant(true) : fc.boolean())),
});

/** A formula over KPIs numbered below `position`, of the same or a finer frequency; null when there is none. */
export function makeFormula(
  kpis: readonly Pick<KpiDefinition, "code" | "frequency">[],
  position: number,
  frequency: Frequency,
  template: number,
  picks: readonly number[],
): string | null {
  const rank = (f: Frequency) => FREQUENCIES.indexOf(f);
  const eligible = kpis.slice(0, position).filter((kpi) => rank(kpi.frequency) <= rank(frequency));
  if (eligible.length === 0) return null;
  const [a, b, c] = picks.map((pick) => (eligible[pick % eligible.length] as { code: string }).code);
  const templates = [
    `${a} / ${b}`,
    `${a} + ${b} * 2`,
    `round(${a} * ${b}, 1)`,
    `min(${a}, ${b}) - ${c}`,
    `abs(${a} - ${b}) + max(${c}, 1)`,
    `${a} / (${b} - ${c})`,
  ];
  return templates[template % templates.length] as string;
}

export interface RandomModelOptions {
  maxKpis?: number;
  maxObjectives?: number;
  maxKeyResults?: number;
}

export function arbitraryModel(options: RandomModelOptions = {}): fc.Arbitrary<HealthModel> {
  const maxKpis = options.maxKpis ?? 7;
  return fc
    .record({
      fiscalYearStartMonth: fc.integer({ min: 1, max: 12 }),
      thresholds: fc.oneof(
        fc.constant({ onTrack: 0.9, atRisk: 0.7 }),
        fc
          .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
          .map(([x, y]) => ({ onTrack: Math.max(x, y), atRisk: Math.min(x, y) })),
      ),
      planStart: fc.constantFrom("2025-01-01", "2025-07-01", "2026-01-01"),
      planYears: fc.integer({ min: 1, max: 4 }),
      shapes: fc.array(arbitraryKpiShape, { minLength: 1, maxLength: maxKpis }),
      linkPairs: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(0.5, 1, 1, 2, 3)), { maxLength: maxKpis * 4 }),
      measurementPicks: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 47 }), fc.option(arbitraryNumber, { freq: 8 })), {
        maxLength: maxKpis * 10,
      }),
      targetPicks: fc.array(fc.tuple(fc.nat({ max: 47 }), arbitraryNumber), { maxLength: 4 }),
      objectiveShapes: fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.constantFrom(0.5, 1, 1, 2)), {
        maxLength: options.maxObjectives ?? 5,
      }),
      keyResultShapes: fc.array(arbitraryKeyResultShape, { maxLength: options.maxKeyResults ?? 7 }),
    })
    .map((parts) => {
      const shapes = [...parts.shapes].sort((x, y) => x.ipoLevel - y.ipoLevel);
      const kpis: KpiDefinition[] = [];
      shapes.forEach((shape, i) => {
        const code = `k${i}`;
        const formula = shape.wantsFormula
          ? makeFormula(kpis, i, shape.frequency, shape.formulaTemplate, shape.formulaPicks)
          : null;
        const targets: Record<string, number> = {};
        for (const [offset, value] of parts.targetPicks.slice(0, shape.targetsCount)) {
          targets[periodKeyAt(shape.frequency, offset)] = value;
        }
        kpis.push({
          code,
          ipo: IPOS[shape.ipoLevel] as Ipo,
          direction: shape.direction,
          frequency: shape.frequency,
          aggregation: shape.aggregation,
          baseline: shape.baseline,
          target: shape.target,
          targets,
          tolerance: shape.tolerance,
          thresholds: shape.thresholds,
          formula,
          lagDays: shape.lagDays,
          min: null,
          max: null,
        });
      });
      const links: DriverLink[] = [];
      for (const [x, y, weight] of parts.linkPairs) {
        const from = x % kpis.length;
        const to = y % kpis.length;
        if (from >= to) continue;
        links.push({ from: `k${from}`, to: `k${to}`, weight, polarity: weight > 1 ? "negative" : "positive" });
      }
      const measurements: Record<string, Record<string, number>> = {};
      for (const [pick, offset, value] of parts.measurementPicks) {
        const kpi = kpis[pick % kpis.length] as KpiDefinition;
        if (kpi.formula !== null || value === null || !(shapes[pick % kpis.length] as KpiShape).isMeasured) continue;
        (measurements[kpi.code] ??= {})[periodKeyAt(kpi.frequency, offset)] = value;
      }
      const objectives: ObjectiveDefinition[] = parts.objectiveShapes.map(([pick, isTopLevel, weight], i) => ({
        code: `O${i}`,
        parent: i === 0 || isTopLevel ? null : `O${pick % i}`,
        weight,
      }));
      const keyResults = parts.keyResultShapes.flatMap((shape, i) =>
        objectives.length === 0 ? [] : [makeKeyResult(shape, `KR${i}`, kpis, objectives)],
      );
      const planStart = parseIsoDate(parts.planStart) as number;
      const model: HealthModel = {
        agency: { fiscalYearStartMonth: parts.fiscalYearStartMonth, thresholds: parts.thresholds },
        plan: { start: parts.planStart, end: formatIsoDate(planStart + parts.planYears * 365) },
        kpis,
        links,
        objectives,
        keyResults,
        measurements,
      };
      return model;
    });
}

/** The period of a frequency `offset` steps from the start of 2024 (offsets run to 47: four years of months). */
export function periodKeyAt(frequency: Frequency, offset: number): string {
  if (frequency === "monthly") return formatPeriodKey({ frequency, index: 2024 * 12 + (offset % 48) });
  if (frequency === "quarterly") return formatPeriodKey({ frequency, index: 2024 * 4 + (offset % 16) });
  return formatPeriodKey({ frequency, index: 2024 + (offset % 4) });
}

interface KeyResultShape {
  kind: KeyResultDefinition["kind"];
  objectivePick: number;
  kpiPick: number;
  start: number | null;
  target: number | null;
  startDate: string | null;
  dueDate: string | null;
  weight: number;
  progress: number | null;
  zone: Zone | null;
}

const arbitraryKeyResultShape: fc.Arbitrary<KeyResultShape> = fc.record({
  kind: fc.constantFrom<KeyResultDefinition["kind"]>("metric", "metric", "milestone", "qualitative"),
  objectivePick: fc.nat(),
  kpiPick: fc.nat(),
  start: fc.option(arbitraryNumber, { freq: 3 }),
  target: fc.option(arbitraryNumber, { freq: 6 }),
  startDate: fc.option(arbitraryDate, { freq: 2 }),
  dueDate: fc.option(arbitraryDate, { freq: 2 }),
  weight: fc.constantFrom(0.5, 1, 1, 2, 3),
  progress: fc.option(fc.constantFrom(0, 0.1, 0.25, 0.4, 0.5, 1), { freq: 5 }),
  zone: fc.constantFrom(...ZONES),
});

function makeKeyResult(
  shape: KeyResultShape,
  code: string,
  kpis: readonly KpiDefinition[],
  objectives: readonly ObjectiveDefinition[],
): KeyResultDefinition {
  const objective = (objectives[shape.objectivePick % objectives.length] as ObjectiveDefinition).code;
  const common = { code, objective, weight: shape.weight, startDate: shape.startDate, dueDate: shape.dueDate };
  if (shape.kind === "metric") {
    const kpi = kpis.length === 0 ? "missing" : (kpis[shape.kpiPick % kpis.length] as KpiDefinition).code;
    return { ...common, kind: "metric", kpi, start: shape.start, target: shape.target };
  }
  if (shape.kind === "milestone") return { ...common, kind: "milestone", progress: shape.progress };
  return { ...common, kind: "qualitative", zone: shape.zone };
}

// ── Changes ──────────────────────────────────────────────────────────────────────────────────────────────────────

/** A random change to `model` of any kind the engine accepts; formulas, links and parents stay acyclic. */
export function arbitraryChange(model: HealthModel): fc.Arbitrary<ModelChange> {
  const kpiCount = model.kpis.length;
  const kpiAt = (pick: number) => model.kpis[pick % kpiCount] as KpiDefinition;
  const options: fc.Arbitrary<ModelChange>[] = [
    fc
      .array(fc.tuple(fc.nat(), fc.nat({ max: 47 }), fc.option(arbitraryNumber, { freq: 5 })), {
        minLength: 1,
        maxLength: 3,
      })
      .map((edits) => ({
        type: "measurements" as const,
        measurements: edits.map(([pick, offset, value]) => {
          const kpi = kpiAt(pick);
          return { kpi: kpi.code, period: periodKeyAt(kpi.frequency, offset), value };
        }),
      })),
    fc.tuple(fc.nat(), arbitraryKpiShape, fc.integer({ min: 0, max: 7 })).map(([pick, shape, field]) => {
      const kpi = kpiAt(pick);
      const edits: Partial<KpiDefinition>[] = [
        { target: shape.target },
        { baseline: shape.baseline },
        { direction: shape.direction, tolerance: shape.tolerance },
        { thresholds: shape.thresholds },
        { lagDays: shape.lagDays },
        { aggregation: shape.aggregation },
        { targets: { [periodKeyAt(kpi.frequency, shape.formulaPicks[0] ?? 0)]: shape.target ?? 7 } },
        { frequency: shape.frequency },
      ];
      return { type: "kpiUpdated" as const, kpi: { ...kpi, ...edits[field] } };
    }),
    fc
      .tuple(fc.nat(), fc.integer({ min: 0, max: 6 }), fc.array(fc.nat(), { minLength: 3, maxLength: 3 }))
      .map(([pick, template, picks]) => {
        const position = pick % kpiCount;
        const kpi = model.kpis[position] as KpiDefinition;
        const formula = template === 6 ? null : makeFormula(model.kpis, position, kpi.frequency, template, picks);
        return { type: "formulaChanged" as const, kpi: kpi.code, formula };
      }),
    fc.tuple(arbitraryKpiShape, fc.boolean()).map(([shape, isFormula]) => {
      const formula = isFormula
        ? makeFormula(model.kpis, kpiCount, shape.frequency, shape.formulaTemplate, shape.formulaPicks)
        : null;
      return {
        type: "kpiAdded" as const,
        kpi: {
          code: `k${kpiCount}`,
          ipo: "outcome" as const,
          direction: shape.direction,
          frequency: shape.frequency,
          aggregation: shape.aggregation,
          baseline: shape.baseline,
          target: shape.target,
          targets: {},
          tolerance: shape.tolerance,
          thresholds: shape.thresholds,
          formula,
          lagDays: shape.lagDays,
          min: null,
          max: null,
        },
      };
    }),
    fc.nat().map((pick) => ({ type: "kpiRemoved" as const, kpi: kpiAt(pick).code })),
  ];
  if (kpiCount >= 2) {
    options.push(
      fc.tuple(fc.nat(), fc.nat(), fc.constantFrom(0.5, 1, 2)).map(([x, y, weight]) => {
        // Two different KPIs, the link running from the lower number up: never a cycle, as validation ensures.
        const a = x % kpiCount;
        const b0 = y % (kpiCount - 1);
        const b = b0 >= a ? b0 + 1 : b0;
        return {
          type: "linkAdded" as const,
          link: { from: `k${Math.min(a, b)}`, to: `k${Math.max(a, b)}`, weight, polarity: "positive" as const },
        };
      }),
    );
  }
  if (model.links.length > 0) {
    const linkAt = (pick: number) => model.links[pick % model.links.length] as DriverLink;
    options.push(
      fc.nat().map((pick) => ({ type: "linkRemoved" as const, from: linkAt(pick).from, to: linkAt(pick).to })),
      fc.tuple(fc.nat(), fc.constantFrom(0.25, 1, 4)).map(([pick, weight]) => ({
        type: "linkUpdated" as const,
        from: linkAt(pick).from,
        to: linkAt(pick).to,
        weight,
      })),
    );
  }
  if (model.objectives.length > 0) {
    const objectiveAt = (pick: number) => model.objectives[pick % model.objectives.length] as ObjectiveDefinition;
    options.push(
      fc.tuple(arbitraryKeyResultShape, fc.nat()).map(([shape, pick]) => {
        const existing = model.keyResults[pick % Math.max(1, model.keyResults.length)];
        const code = existing?.code ?? `KR${model.keyResults.length}`;
        return {
          type: existing ? ("keyResultUpdated" as const) : ("keyResultAdded" as const),
          keyResult: makeKeyResult(shape, code, model.kpis, model.objectives),
        };
      }),
      arbitraryKeyResultShape.map((shape) => ({
        type: "keyResultAdded" as const,
        keyResult: makeKeyResult(shape, `KR${model.keyResults.length + 100}`, model.kpis, model.objectives),
      })),
      fc
        .tuple(fc.nat(), fc.nat(), fc.boolean(), fc.constantFrom(0.5, 1, 3))
        .map(([pick, parentPick, isTopLevel, weight]) => {
          const position = pick % model.objectives.length;
          const objective = objectiveAt(position);
          // A parent earlier in the list keeps the tree acyclic, as the write path's validation does.
          const parent = position === 0 || isTopLevel ? null : (model.objectives[parentPick % position]?.code ?? null);
          return { type: "objectiveUpdated" as const, objective: { ...objective, parent, weight } };
        }),
      fc.nat().map((pick) => ({ type: "objectiveRemoved" as const, objective: objectiveAt(pick).code })),
      fc.tuple(fc.nat(), fc.boolean()).map(([pick, isTopLevel]) => ({
        type: "objectiveAdded" as const,
        objective: {
          code: `O${model.objectives.length}`,
          parent: isTopLevel ? null : objectiveAt(pick).code,
          weight: 1,
        },
      })),
    );
  }
  if (model.keyResults.length > 0) {
    options.push(
      fc.nat().map((pick) => ({
        type: "keyResultRemoved" as const,
        keyResult: (model.keyResults[pick % model.keyResults.length] as KeyResultDefinition).code,
      })),
    );
  }
  options.push(
    fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })).map(([x, y]) => ({
      type: "thresholdsChanged" as const,
      thresholds: { onTrack: Math.max(x, y), atRisk: Math.min(x, y) },
    })),
    fc.integer({ min: 1, max: 12 }).map((fiscalYearStartMonth) => ({
      type: "agencyChanged" as const,
      agency: { ...model.agency, fiscalYearStartMonth } satisfies AgencySettings,
    })),
    fc.constantFrom("2024-07-01", "2025-01-01", "2026-07-01").map((start) => ({
      type: "planChanged" as const,
      plan: { start, end: "2029-12-31" },
    })),
  );
  // New measurements are the most frequent change by far, and the one the incremental path is built for.
  return fc.oneof({ arbitrary: options[0] as fc.Arbitrary<ModelChange>, weight: options.length }, ...options.slice(1));
}
