// Precomputed structure of a model: numbering, parsed formulas, who depends on whom, and the orders in which nodes
// are evaluated. It depends only on the KPI, link, key result and objective lists — not on measurements, targets'
// values, thresholds or dates — and is cached by the identity of those lists, so a measurement change (which
// shares them, see applyChange) reuses it and recomputes only what the change reaches.

import { compileFormula } from "./formula-evaluation";
import { listFormulaCodes, parseFormula, type FormulaNode } from "./formula-syntax";
import { sortTopologically } from "./graph";
import {
  toKeyResultNodeId,
  toKpiNodeId,
  toObjectiveNodeId,
  type HealthModel,
  type KeyResultDefinition,
  type KpiDefinition,
  type NodeId,
  type ObjectiveDefinition,
} from "./model";

export interface CompiledKpiFormula {
  expression: string;
  /** null when the stored text does not parse (the write path refuses it; the engine gives no value). */
  ast: FormulaNode | null;
  codes: string[];
  /** The KPI number of each code; −1 for a code no KPI has. */
  inputs: number[];
  evaluate: ((inputs: readonly number[]) => number) | null;
}

export interface IncomingLink {
  from: number;
  weight: number;
}

export interface ModelIndex {
  kpis: readonly KpiDefinition[];
  kpiNumber: ReadonlyMap<string, number>;
  kpiIds: readonly NodeId[];
  /** null for a KPI without a formula */
  formulas: readonly (CompiledKpiFormula | null)[];
  /** KPI number → the formula KPIs that name it */
  formulaDependents: readonly (readonly number[])[];
  /** KPI number → its driver links, in model order */
  incomingLinks: readonly (readonly IncomingLink[])[];
  /** KPI number → the KPIs it drives */
  outgoingLinks: readonly (readonly number[])[];
  /** KPIs in evaluation order: drivers before the KPIs they drive (and formula inputs first where possible). */
  kpiOrder: readonly number[];
  kpiRank: Int32Array;

  keyResults: readonly KeyResultDefinition[];
  keyResultNumber: ReadonlyMap<string, number>;
  keyResultIds: readonly NodeId[];
  /** KPI code → key results that track it (a code, because a key result may name a KPI not in the model) */
  keyResultsByKpi: ReadonlyMap<string, readonly number[]>;
  /** key result number → objective number, −1 when its objective is unknown */
  keyResultObjective: Int32Array;

  objectives: readonly ObjectiveDefinition[];
  objectiveNumber: ReadonlyMap<string, number>;
  objectiveIds: readonly NodeId[];
  /** objective number → parent number; −1 for a top-level objective (see findObjectiveParents) */
  objectiveParent: Int32Array;
  keyResultsOf: readonly (readonly number[])[];
  childObjectives: readonly (readonly number[])[];
  /** Objectives with children before parents. */
  objectiveOrder: readonly number[];
  objectiveRank: Int32Array;
}

export function hasFormula(kpi: KpiDefinition): boolean {
  return typeof kpi.formula === "string" && kpi.formula.trim() !== "";
}

interface CacheEntry {
  links: HealthModel["links"];
  keyResults: HealthModel["keyResults"];
  objectives: HealthModel["objectives"];
  index: ModelIndex;
}

const cache = new WeakMap<HealthModel["kpis"], CacheEntry[]>();
const ENTRIES_PER_KPI_LIST = 4;

/** The index of a model, built once per distinct set of structural lists. */
export function getModelIndex(model: HealthModel): ModelIndex {
  let entries = cache.get(model.kpis);
  const hit = entries?.find(
    (entry) =>
      entry.links === model.links && entry.keyResults === model.keyResults && entry.objectives === model.objectives,
  );
  if (hit) return hit.index;
  const index = buildModelIndex(model);
  if (entries === undefined) {
    entries = [];
    cache.set(model.kpis, entries);
  }
  entries.push({ links: model.links, keyResults: model.keyResults, objectives: model.objectives, index });
  if (entries.length > ENTRIES_PER_KPI_LIST) entries.shift();
  return index;
}

/** Keeps the first of any repeated code: codes are unique per kind (the write path refuses duplicates). */
function keepFirstByCode<T extends { code: string }>(
  items: readonly T[],
): { items: readonly T[]; number: Map<string, number> } {
  const number = new Map<string, number>();
  let hasDuplicates = false;
  for (const item of items) {
    if (number.has(item.code)) hasDuplicates = true;
    else number.set(item.code, number.size);
  }
  if (!hasDuplicates) return { items, number };
  const seen = new Set<string>();
  const unique = items.filter((item) => !seen.has(item.code) && seen.add(item.code));
  return { items: unique, number };
}

function buildModelIndex(model: HealthModel): ModelIndex {
  const { items: kpis, number: kpiNumber } = keepFirstByCode(model.kpis);
  const kpiCount = kpis.length;
  const kpiIds = kpis.map((kpi) => toKpiNodeId(kpi.code));

  const formulas = kpis.map((kpi) => (hasFormula(kpi) ? compileKpiFormula(kpi.formula as string, kpiNumber) : null));
  const formulaDependents: number[][] = kpis.map(() => []);
  formulas.forEach((formula, k) => {
    for (const input of new Set(formula?.inputs ?? [])) if (input >= 0) formulaDependents[input]?.push(k);
  });

  const incomingLinks: IncomingLink[][] = kpis.map(() => []);
  const outgoingLinks: number[][] = kpis.map(() => []);
  for (const link of model.links) {
    const from = kpiNumber.get(link.from);
    const to = kpiNumber.get(link.to);
    if (from === undefined || to === undefined) continue;
    incomingLinks[to]?.push({ from, weight: link.weight });
    if (!outgoingLinks[from]?.includes(to)) outgoingLinks[from]?.push(to);
  }

  const kpiOrder = orderKpis(outgoingLinks, formulaDependents);
  const kpiRank = rankOf(kpiOrder, kpiCount);

  const { items: keyResults, number: keyResultNumber } = keepFirstByCode(model.keyResults);
  const { items: objectives, number: objectiveNumber } = keepFirstByCode(model.objectives);
  const keyResultIds = keyResults.map((kr) => toKeyResultNodeId(kr.code));
  const objectiveIds = objectives.map((objective) => toObjectiveNodeId(objective.code));

  const keyResultsByKpi = new Map<string, number[]>();
  const keyResultObjective = new Int32Array(keyResults.length).fill(-1);
  const keyResultsOf: number[][] = objectives.map(() => []);
  keyResults.forEach((kr, r) => {
    if (kr.kind === "metric" && typeof kr.kpi === "string") {
      const list = keyResultsByKpi.get(kr.kpi);
      if (list) list.push(r);
      else keyResultsByKpi.set(kr.kpi, [r]);
    }
    const o = objectiveNumber.get(kr.objective);
    if (o !== undefined) {
      keyResultObjective[r] = o;
      keyResultsOf[o]?.push(r);
    }
  });

  const objectiveParent = findObjectiveParents(objectives, objectiveNumber);
  const childObjectives: number[][] = objectives.map(() => []);
  objectiveParent.forEach((parent, o) => {
    if (parent >= 0) childObjectives[parent]?.push(o);
  });
  // Children before parents: edges child → parent, which is acyclic once parent cycles are cut.
  const upward = objectives.map((_, o) => ((objectiveParent[o] as number) >= 0 ? [objectiveParent[o] as number] : []));
  const sortedObjectives = sortTopologically(upward);
  const objectiveOrder = sortedObjectives.ok ? sortedObjectives.order : objectives.map((_, o) => o);

  return {
    kpis,
    kpiNumber,
    kpiIds,
    formulas,
    formulaDependents,
    incomingLinks,
    outgoingLinks,
    kpiOrder,
    kpiRank,
    keyResults,
    keyResultNumber,
    keyResultIds,
    keyResultsByKpi,
    keyResultObjective,
    objectives,
    objectiveNumber,
    objectiveIds,
    objectiveParent,
    keyResultsOf,
    childObjectives,
    objectiveOrder,
    objectiveRank: rankOf(objectiveOrder, objectives.length),
  };
}

export function compileKpiFormula(expression: string, kpiNumber: ReadonlyMap<string, number>): CompiledKpiFormula {
  const parsed = parseFormula(expression);
  if (!parsed.ok) return { expression, ast: null, codes: [], inputs: [], evaluate: null };
  const codes = listFormulaCodes(parsed.ast);
  return {
    expression,
    ast: parsed.ast,
    codes,
    inputs: codes.map((code) => kpiNumber.get(code) ?? -1),
    evaluate: compileFormula(parsed.ast, codes),
  };
}

/**
 * A KPI's node needs its drivers' health (links) and its formula inputs' values. Ordering by both kinds of edge
 * gives the natural reading "inputs, then the formulas over them, then what they drive". A formula input that is
 * also driven by the formula KPI makes that impossible; values are computed on demand (kpi-series.ts), so the
 * links alone then decide the order, and they are acyclic in any model the write path accepts.
 */
function orderKpis(outgoingLinks: readonly (readonly number[])[], formulaDependents: readonly (readonly number[])[]) {
  const both = outgoingLinks.map((targets, k) => [...targets, ...(formulaDependents[k] ?? [])]);
  const sorted = sortTopologically(both);
  if (sorted.ok) return sorted.order;
  const byLinks = sortTopologically(outgoingLinks);
  if (byLinks.ok) return byLinks.order;
  // A link cycle (refused when saved): keep the model's order so that evaluation still ends.
  return outgoingLinks.map((_, k) => k);
}

/**
 * Parent numbers, −1 for a top-level objective or an unknown parent. A parent cycle (refused when saved) is cut at
 * its first objective in model order, which then counts as top-level, so that roll-up still ends.
 */
function findObjectiveParents(
  objectives: readonly ObjectiveDefinition[],
  objectiveNumber: ReadonlyMap<string, number>,
): Int32Array {
  const parents = new Int32Array(objectives.length).fill(-1);
  objectives.forEach((objective, o) => {
    const parent = objective.parent === null ? undefined : objectiveNumber.get(objective.parent);
    if (parent !== undefined) parents[o] = parent;
  });
  objectives.forEach((_, o) => {
    let at = parents[o] as number;
    for (let steps = 0; at >= 0 && steps <= objectives.length; steps++) {
      if (at === o) {
        parents[o] = -1;
        break;
      }
      at = parents[at] as number;
    }
  });
  return parents;
}

function rankOf(order: readonly number[], count: number): Int32Array {
  const rank = new Int32Array(count);
  order.forEach((node, position) => {
    rank[node] = position;
  });
  return rank;
}
