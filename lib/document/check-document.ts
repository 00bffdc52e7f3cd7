// Checks a `drivertree/v1` document before anything is imported (spec/drivertree-format.md, "Import"): its shape
// (the zod schemas of lib/validation/document.ts) and the rules of the tree (lib/domain's validators — never
// re-implemented here) applied to the tree as it will be after the import: what the agency holds with the document's
// objects replacing the stored ones of the same code. Every problem is reported with its JSON path in the document
// ("kpis[3].formula"), not just the first; a stored object that a document change would break is reported at the
// field of the document that breaks it ("kpis[2].frequency").
//
// Pure: no database, no clock. One broken object does not hide the others' problems, and does not cascade either: a
// KPI whose own fields are invalid still counts as existing for the objects that name it.

import type { z } from "zod";
import {
  buildKeyedGraph,
  createHealthModel,
  DEFAULT_THRESHOLDS,
  findKeyedCycles,
  listFormulaReferences,
  validateFormula,
  validateKeyResult,
  validateKpiDefinition,
  validateLink,
  validateMeasurement,
  validateObjectiveParent,
  validateRangeOfKeyResults,
  validateThresholds,
  type DriverLink,
  type HealthModel,
  type KeyResultDefinition,
  type KpiDefinition,
  type ValidationProblem,
} from "@/lib/domain";
import {
  documentAgencySchema,
  documentDepartmentSchema,
  documentEnvelopeSchema,
  DOCUMENT_LIMITS,
  documentFormatSchema,
  documentKeyResultSchema,
  documentKpiSchema,
  documentLinkSchema,
  documentMeasurementSchema,
  documentObjectiveOwnFieldsSchema,
  documentPlanSchema,
  toPathProblems,
  type DocumentAgency,
  type DocumentDepartment,
  type DocumentKeyResult,
  type DocumentLink,
  type DocumentMeasurement,
  type DocumentPlan,
  type PathProblem,
} from "@/lib/validation/document";
import {
  EMPTY_STORED_TREE,
  linkKey,
  measurementKey,
  normalizeKpi,
  type NormalizedKpi,
  type ObjectiveFields,
  type StoredTree,
} from "./stored-tree";

export type DocumentProblem = PathProblem;

type WithPath<T> = T & { path: string };

export type CheckedKpi = WithPath<NormalizedKpi>;
export type CheckedObjective = WithPath<ObjectiveFields>;
export type CheckedKeyResult = WithPath<DocumentKeyResult & { objective: string }>;

/** The document as it will be imported: every default filled in, objectives flat with their parent, paths kept. */
export interface CheckedDocument {
  agency: DocumentAgency;
  plan: DocumentPlan;
  departments: WithPath<DocumentDepartment>[];
  kpis: CheckedKpi[];
  links: WithPath<DocumentLink>[];
  /** Parents before children (pre-order of the document's nesting, then by `parent`). */
  objectives: CheckedObjective[];
  keyResults: CheckedKeyResult[];
  measurements: WithPath<DocumentMeasurement>[];
}

export type DocumentCheck = { ok: true; document: CheckedDocument } | { ok: false; problems: DocumentProblem[] };

/** How deep `children` may nest objectives in a document. */
export const MAX_OBJECTIVE_NESTING = DOCUMENT_LIMITS.objectiveNesting;

const TOP_LEVEL_KEYS = [
  "format",
  "agency",
  "departments",
  "plan",
  "kpis",
  "links",
  "objectives",
  "measurements",
] as const;
type Section = (typeof TOP_LEVEL_KEYS)[number];

/** Any dates: the models built here for KPI, link and measurement rules never read the plan. */
const NO_PLAN = { start: "2000-01-01", end: "2000-12-31" };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The code of a raw object whose own fields did not parse, when it has one: it still counts as existing. */
function readCode(raw: unknown): string | null {
  return isRecord(raw) && typeof raw.code === "string" && raw.code.trim() !== "" ? raw.code.trim() : null;
}

class ProblemList {
  private readonly bySection = new Map<Section, DocumentProblem[]>();

  add(section: Section, path: string, message: string): void {
    let list = this.bySection.get(section);
    if (list === undefined) this.bySection.set(section, (list = []));
    list.push({ path, message });
  }

  addAll(section: Section, problems: readonly DocumentProblem[]): void {
    for (const problem of problems) this.add(section, problem.path, problem.message);
  }

  /** lib/domain problems carry a path relative to the object: prefix it with the object's path. */
  addDomain(section: Section, objectPath: string, problems: readonly ValidationProblem[]): void {
    for (const problem of problems) this.add(section, joinPath(objectPath, problem.path), problem.message);
  }

  /** In document order: section by section, and within a section by the position of the object it concerns. */
  list(): DocumentProblem[] {
    // Each path's indexes are read once, not at every comparison: a refused document may have thousands of problems.
    return TOP_LEVEL_KEYS.flatMap((section) =>
      (this.bySection.get(section) ?? [])
        .map((problem) => ({ problem, indexes: readIndexes(problem.path) }))
        .sort((a, b) => compareIndexes(a.indexes, b.indexes))
        .map(({ problem }) => problem),
    );
  }
}

/** "objectives[2].keyResults[1].kpi" → [2, 1] */
function readIndexes(path: string): number[] {
  return [...path.matchAll(/\[(\d+)\]/g)].map((match) => Number(match[1]));
}

function compareIndexes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = (a[i] as number) - (b[i] as number);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

function joinPath(prefix: string, path: string): string {
  if (path === "") return prefix;
  return prefix === "" ? path : `${prefix}.${path}`;
}

function parsePart<Schema extends z.ZodType>(
  schema: Schema,
  raw: unknown,
  path: string,
  section: Section,
  problems: ProblemList,
): z.output<Schema> | null {
  const parsed = schema.safeParse(raw, { reportInput: true });
  if (parsed.success) return parsed.data;
  problems.addAll(section, toPathProblems(parsed.error, path));
  return null;
}

function toKpiDefinition(kpi: NormalizedKpi): KpiDefinition {
  return {
    code: kpi.code,
    ipo: kpi.ipo,
    direction: kpi.direction,
    frequency: kpi.frequency,
    aggregation: kpi.aggregation,
    baseline: kpi.baseline,
    target: kpi.target,
    targets: kpi.targets,
    tolerance: kpi.tolerance,
    thresholds: kpi.thresholds,
    formula: kpi.formula,
    lagDays: kpi.lagDays,
    min: kpi.min,
    max: kpi.max,
  };
}

/**
 * A key result with the fields of other kinds cleared, as it is stored: a milestone's progress is 0 until one is
 * entered (spec/drivertree-format.md); a metric key result's KPI, start and target mean nothing for other kinds.
 */
export function normalizeKeyResult<T extends DocumentKeyResult>(keyResult: T): T {
  const isMetric = keyResult.kind === "metric";
  return {
    ...keyResult,
    kpi: isMetric ? keyResult.kpi : null,
    start: isMetric ? keyResult.start : null,
    target: isMetric ? keyResult.target : null,
    progress: keyResult.kind === "milestone" ? (keyResult.progress ?? 0) : null,
    zone: keyResult.kind === "qualitative" ? keyResult.zone : null,
  };
}

function toKeyResultDefinition(keyResult: DocumentKeyResult & { objective: string }): KeyResultDefinition {
  return {
    code: keyResult.code,
    objective: keyResult.objective,
    kind: keyResult.kind,
    kpi: keyResult.kpi,
    start: keyResult.start,
    target: keyResult.target,
    startDate: keyResult.startDate,
    dueDate: keyResult.dueDate,
    weight: keyResult.weight,
    progress: keyResult.progress,
    zone: keyResult.zone,
  };
}

/** Checks a document against the tree the agency holds (none: an empty agency). */
export function checkDocument(raw: unknown, stored: StoredTree = EMPTY_STORED_TREE): DocumentCheck {
  const problems = new ProblemList();
  if (!isRecord(raw)) {
    return { ok: false, problems: [{ path: "", message: "The document must be a JSON object." }] };
  }
  // A document over a size limit is refused before any item is read: checking it would cost without bound.
  const envelope = documentEnvelopeSchema.safeParse(raw, { reportInput: true });
  if (!envelope.success) return { ok: false, problems: toPathProblems(envelope.error) };
  for (const key of Object.keys(raw)) {
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key))
      problems.add("format", key, `${key} is not a field here.`);
  }
  parsePart(documentFormatSchema, raw.format, "format", "format", problems);
  const agency = parsePart(documentAgencySchema, raw.agency, "agency", "agency", problems);
  const plan = parsePart(documentPlanSchema, raw.plan, "plan", "plan", problems);
  const readList = (section: Section, isRequired: boolean): unknown[] => {
    const value = raw[section];
    if (value === undefined && !isRequired) return [];
    if (Array.isArray(value)) return value;
    problems.add(section, section, value === undefined ? "This field is required." : "This must be a list.");
    return [];
  };

  // ── Shapes, item by item ───────────────────────────────────────────────────────────────────────────────────────
  const invalid = {
    departments: new Set<string>(),
    kpis: new Set<string>(),
    objectives: new Set<string>(),
  };
  const departments: WithPath<DocumentDepartment>[] = [];
  const departmentIndex = new Map<string, number>();
  readList("departments", true).forEach((item, index) => {
    const path = `departments[${index}]`;
    const department = parsePart(documentDepartmentSchema, item, path, "departments", problems);
    if (department === null) {
      const code = readCode(item);
      if (code !== null) invalid.departments.add(code);
      return;
    }
    const first = departmentIndex.get(department.code);
    if (first !== undefined) {
      problems.add("departments", `${path}.code`, `departments[${first}] has the code ${department.code} already.`);
      return;
    }
    departmentIndex.set(department.code, departments.length);
    departments.push({ ...department, path });
  });

  const kpis: CheckedKpi[] = [];
  const kpiIndex = new Map<string, number>();
  readList("kpis", true).forEach((item, index) => {
    const path = `kpis[${index}]`;
    const kpi = parsePart(documentKpiSchema, item, path, "kpis", problems);
    if (kpi === null) {
      const code = readCode(item);
      if (code !== null) invalid.kpis.add(code);
      return;
    }
    const first = kpiIndex.get(kpi.code);
    if (first !== undefined) {
      problems.add("kpis", `${path}.code`, `${kpis[first]?.path} has the code ${kpi.code} already.`);
      return;
    }
    kpiIndex.set(kpi.code, kpis.length);
    kpis.push({ ...normalizeKpi(kpi), path });
  });

  const links: WithPath<DocumentLink>[] = [];
  const linkIndex = new Map<string, number>();
  readList("links", true).forEach((item, index) => {
    const path = `links[${index}]`;
    const link = parsePart(documentLinkSchema, item, path, "links", problems);
    if (link === null) return;
    const key = linkKey(link.from, link.to);
    const first = linkIndex.get(key);
    if (first !== undefined) {
      problems.add("links", path, `${links[first]?.path} links ${link.from} to ${link.to} already.`);
      return;
    }
    linkIndex.set(key, links.length);
    links.push({ ...link, path });
  });

  const objectives: CheckedObjective[] = [];
  const objectiveIndex = new Map<string, number>();
  const keyResults: CheckedKeyResult[] = [];
  const keyResultIndex = new Map<string, number>();
  const invalidKeyResultCodes = new Set<string>();
  const visitObjective = (item: unknown, path: string, nestedUnder: string | null | undefined, depth: number) => {
    const own = parsePart(documentObjectiveOwnFieldsSchema, item, path, "objectives", problems);
    const code = own?.code ?? readCode(item);
    let isListed = false;
    if (own === null) {
      if (code !== null) invalid.objectives.add(code);
    } else {
      let parent = own.parent ?? null;
      if (nestedUnder !== undefined) {
        if (own.parent !== undefined && own.parent !== nestedUnder) {
          problems.add(
            "objectives",
            `${path}.parent`,
            `This objective is among the children of ${nestedUnder ?? "an objective without a code"} but names ` +
              `${own.parent === null ? "no parent" : own.parent} as its parent.`,
          );
        }
        parent = nestedUnder;
      }
      const first = objectiveIndex.get(own.code);
      if (first !== undefined) {
        problems.add("objectives", `${path}.code`, `${objectives[first]?.path} has the code ${own.code} already.`);
      } else {
        objectiveIndex.set(own.code, objectives.length);
        objectives.push({
          code: own.code,
          title: own.title,
          description: own.description,
          department: own.department,
          parent,
          weight: own.weight,
          published: own.published,
          path,
        });
        isListed = true;
      }
    }
    // Key results and children are checked even under an objective that is itself invalid.
    const rawKeyResults = isRecord(item) && Array.isArray(item.keyResults) ? item.keyResults : [];
    rawKeyResults.forEach((rawKeyResult, index) => {
      const keyResultPath = `${path}.keyResults[${index}]`;
      const keyResult = parsePart(documentKeyResultSchema, rawKeyResult, keyResultPath, "objectives", problems);
      if (keyResult === null) {
        const keyResultCode = readCode(rawKeyResult);
        if (keyResultCode !== null) invalidKeyResultCodes.add(keyResultCode);
        return;
      }
      const first = keyResultIndex.get(keyResult.code);
      if (first !== undefined) {
        problems.add(
          "objectives",
          `${keyResultPath}.code`,
          `${keyResults[first]?.path} has the code ${keyResult.code} already.`,
        );
        return;
      }
      if (!isListed || code === null) return;
      keyResultIndex.set(keyResult.code, keyResults.length);
      keyResults.push({ ...normalizeKeyResult(keyResult), objective: code, path: keyResultPath });
    });
    const children = isRecord(item) && Array.isArray(item.children) ? item.children : [];
    // The walk recurses once per level: a document nesting thousands of levels would overflow the stack (a 500)
    // instead of being refused. No real plan comes near the limit.
    if (children.length > 0 && depth >= MAX_OBJECTIVE_NESTING) {
      problems.add("objectives", `${path}.children`, `Objectives nest at most ${MAX_OBJECTIVE_NESTING} levels deep.`);
      return;
    }
    children.forEach((child, index) => visitObjective(child, `${path}.children[${index}]`, code, depth + 1));
  };
  readList("objectives", true).forEach((item, index) => visitObjective(item, `objectives[${index}]`, undefined, 1));

  const measurements: WithPath<DocumentMeasurement>[] = [];
  const measurementIndex = new Map<string, number>();
  readList("measurements", false).forEach((item, index) => {
    const path = `measurements[${index}]`;
    const measurement = parsePart(documentMeasurementSchema, item, path, "measurements", problems);
    if (measurement === null) return;
    const key = measurementKey(measurement.kpi, measurement.period);
    const first = measurementIndex.get(key);
    if (first !== undefined) {
      problems.add(
        "measurements",
        path,
        `${measurements[first]?.path} gives a value of ${measurement.kpi} for ${measurement.period} already.`,
      );
      return;
    }
    measurementIndex.set(key, measurements.length);
    measurements.push({ ...measurement, path });
  });

  // ── The rules of the tree, on the tree as it will be ───────────────────────────────────────────────────────────
  const context: TreeContext = {
    stored,
    problems,
    invalid,
    plan,
    departments: new Map(stored.departments),
    kpis: new Map(stored.kpis),
    docKpis: new Map(kpis.map((kpi) => [kpi.code, kpi])),
  };
  for (const department of departments) {
    context.departments.set(department.code, {
      ...department,
      isRetired: stored.departments.get(department.code)?.isRetired ?? false,
    });
  }
  for (const kpi of kpis) context.kpis.set(kpi.code, kpi);

  if (agency?.thresholds) {
    // A key left out takes its default (spec/health.md: 0.9 and 0.7), and the pair must still make sense.
    const thresholds = { ...DEFAULT_THRESHOLDS, ...agency.thresholds };
    problems.addDomain("agency", "agency.thresholds", listProblems(validateThresholds(thresholds)));
  }
  if (plan !== null && plan.end <= plan.start) {
    problems.add("plan", "plan.end", `The plan's end (${plan.end}) must be after its start (${plan.start}).`);
    // Key results on the plan's dates are not reported again for it.
    context.plan = null;
  }
  checkDepartments(context, departments);
  checkKpis(context, kpis);
  checkFormulas(context, kpis);
  checkLinks(context, links);
  checkObjectives(context, objectives);
  checkKeyResults(context, keyResults, invalidKeyResultCodes);
  checkMeasurements(context, measurements);

  const found = problems.list();
  if (found.length > 0 || agency === null || plan === null) {
    return { ok: false, problems: found };
  }
  return {
    ok: true,
    document: {
      agency,
      plan,
      departments,
      kpis,
      links,
      objectives: parentsFirst(objectives),
      keyResults,
      measurements,
    },
  };
}

interface TreeContext {
  stored: StoredTree;
  problems: ProblemList;
  /** Codes of document objects whose own fields are invalid: they exist, but no rule is checked against them. */
  invalid: { departments: Set<string>; kpis: Set<string>; objectives: Set<string> };
  plan: DocumentPlan | null;
  /** The departments and KPIs after the import. */
  departments: Map<string, { name: string; parent: string | null; isRetired: boolean }>;
  kpis: Map<string, NormalizedKpi>;
  docKpis: Map<string, CheckedKpi>;
}

function listProblems(result: ReturnType<typeof validateThresholds>): ValidationProblem[] {
  return result.ok ? [] : result.problems;
}

/** The paths of the document KPIs among `codes` whose `field` differs from the stored KPI of the same code. */
function findChangedKpis(context: TreeContext, codes: readonly string[], field: keyof NormalizedKpi): CheckedKpi[] {
  const changed: CheckedKpi[] = [];
  for (const code of codes) {
    const kpi = context.docKpis.get(code);
    const before = context.stored.kpis.get(code);
    if (kpi !== undefined && before !== undefined && before[field] !== kpi[field]) changed.push(kpi);
  }
  return changed;
}

/**
 * The cycles of a graph as keys, each from its earliest key round to it again, found in one linear walk
 * (lib/domain's findKeyedCycles): a document of thousands of cycles is refused as fast as one of none.
 */
function findCycles(keys: readonly string[], edges: Iterable<readonly [string, string]>): string[][] {
  return findKeyedCycles(buildKeyedGraph(keys, edges));
}

function checkDepartments(context: TreeContext, departments: readonly WithPath<DocumentDepartment>[]): void {
  const { problems } = context;
  for (const department of departments) {
    if (department.parent === null || context.invalid.departments.has(department.parent)) continue;
    const parent = context.departments.get(department.parent);
    if (parent === undefined) {
      problems.add("departments", `${department.path}.parent`, `No department has the code ${department.parent}.`);
    } else if (parent.isRetired) {
      problems.add("departments", `${department.path}.parent`, `Department ${department.parent} is retired.`);
    }
  }
  // Parents must not form a cycle: each cycle is reported once, at the last department of the document on it.
  const edges = new Map<string, string>();
  for (const [code, department] of context.departments) {
    if (department.parent !== null && context.departments.has(department.parent)) edges.set(code, department.parent);
  }
  // Each department has one parent, so the cycles are disjoint and each is found once.
  const pathOf = new Map(departments.map((department, index) => [department.code, { path: department.path, index }]));
  for (const cycle of findCycles([...context.departments.keys()], edges)) {
    const closing = lastInDocument(cycle.slice(0, -1), pathOf);
    // A cycle among stored departments alone is none of this document's doing.
    if (closing === null) continue;
    problems.add(
      "departments",
      `${closing.path}.parent`,
      `Departments cannot be their own parents: ${cycle.join(" → ")} (each the child of the next) is a cycle.`,
    );
  }
}

function lastInDocument(
  codes: readonly string[],
  pathOf: ReadonlyMap<string, { path: string; index: number }>,
): { code: string; path: string } | null {
  let last: { code: string; path: string; index: number } | null = null;
  for (const code of codes) {
    const found = pathOf.get(code);
    if (found !== undefined && (last === null || found.index > last.index)) last = { code, ...found };
  }
  return last;
}

function checkKpis(context: TreeContext, kpis: readonly CheckedKpi[]): void {
  const { problems, stored } = context;
  for (const kpi of kpis) {
    if (!context.invalid.departments.has(kpi.department)) {
      const department = context.departments.get(kpi.department);
      if (department === undefined) {
        problems.add("kpis", `${kpi.path}.department`, `No department has the code ${kpi.department}.`);
      } else if (department.isRetired) {
        problems.add("kpis", `${kpi.path}.department`, `Department ${kpi.department} is retired.`);
      }
    }
    const definition = validateKpiDefinition(toKpiDefinition(kpi));
    if (!definition.ok) problems.addDomain("kpis", kpi.path, definition.problems);
    // Measurements already stored keep their period keys: the frequency cannot change under them, and a formula KPI
    // takes none (spec/health.md).
    const before = stored.kpis.get(kpi.code);
    const measured = stored.measurementCounts.get(kpi.code) ?? 0;
    if (before !== undefined && measured > 0 && before.frequency !== kpi.frequency) {
      problems.add(
        "kpis",
        `${kpi.path}.frequency`,
        `${kpi.code} has ${measured} ${before.frequency} measurement(s): its frequency cannot change while they exist.`,
      );
    }
    if (measured > 0 && kpi.formula !== null) {
      problems.add(
        "kpis",
        `${kpi.path}.formula`,
        `${kpi.code} has ${measured} measurement(s): a formula KPI takes none. Delete them first.`,
      );
    }
  }
}

/**
 * Each document formula is checked on its own against the KPIs it names (unknown, coarser); then the cycles of all
 * formulas — the stored ones the document leaves and the document's — are found in one linear walk, each reported
 * once, at the last formula of the document on it: the one that closes it. The models handed to lib/domain hold only
 * the KPIs a formula names or the cycle it closes, so a chain of thousands of formulas is checked in linear time.
 */
function checkFormulas(context: TreeContext, kpis: readonly CheckedKpi[]): void {
  const { problems, stored } = context;
  const formulaOf = new Map<string, { formula: string; names: string[] }>();
  for (const [code, kpi] of stored.kpis) {
    if (!context.docKpis.has(code) && kpi.formula !== null) {
      formulaOf.set(code, { formula: kpi.formula, names: listFormulaReferences(kpi.formula) });
    }
  }
  const namedModel = (kpi: NormalizedKpi, names: readonly string[]): HealthModel => {
    const included = new Map<string, KpiDefinition>([[kpi.code, toKpiDefinition(kpi)]]);
    for (const code of names) {
      if (included.has(code)) continue;
      const named = context.kpis.get(code);
      // A KPI whose own fields are invalid exists: it is not reported as unknown (nor as coarser).
      if (named !== undefined) included.set(code, { ...toKpiDefinition(named), formula: null });
      else if (context.invalid.kpis.has(code)) included.set(code, { ...toKpiDefinition(kpi), code, formula: null });
    }
    return createHealthModel({ plan: NO_PLAN, kpis: [...included.values()] });
  };

  const documentIndex = new Map<string, { kpi: CheckedKpi; index: number }>();
  kpis.forEach((kpi, index) => {
    if (kpi.formula === null) return;
    const names = listFormulaReferences(kpi.formula);
    const result = validateFormula(namedModel(kpi, names), toKpiDefinition(kpi), kpi.formula);
    if (!result.ok) problems.addDomain("kpis", kpi.path, result.problems);
    // A formula that names its own KPI is reported as such (FORMULA_SELF_REFERENCE), not again as a cycle.
    if (names.includes(kpi.code)) return;
    formulaOf.set(kpi.code, { formula: kpi.formula, names });
    documentIndex.set(kpi.code, { kpi, index });
  });

  const edges: [string, string][] = [];
  for (const [code, { names }] of formulaOf) for (const name of names) edges.push([code, name]);
  const reported = new Set<string>();
  for (const cycle of findCycles([...context.kpis.keys()], edges)) {
    const members = cycle.slice(0, -1);
    if (members.some((code) => reported.has(code))) continue;
    let closing: { kpi: CheckedKpi; index: number } | null = null;
    for (const code of members) {
      const found = documentIndex.get(code);
      if (found !== undefined && (closing === null || found.index > closing.index)) closing = found;
    }
    if (closing === null) continue;
    const closingKpi = closing.kpi;
    const model = createHealthModel({
      plan: NO_PLAN,
      kpis: members.map((code) => {
        const definition = toKpiDefinition(
          code === closingKpi.code ? closingKpi : (context.kpis.get(code) as NormalizedKpi),
        );
        return { ...definition, formula: code === closingKpi.code ? null : (formulaOf.get(code)?.formula ?? null) };
      }),
    });
    const result = validateFormula(model, toKpiDefinition(closingKpi), closingKpi.formula as string);
    const cycleProblems = result.ok ? [] : result.problems.filter((problem) => problem.code === "FORMULA_CYCLE");
    problems.addDomain(
      "kpis",
      closingKpi.path,
      cycleProblems.length > 0
        ? cycleProblems
        : [{ code: "FORMULA_CYCLE", path: "formula", message: `The formula closes a cycle: ${cycle.join(" → ")}.` }],
    );
    reported.add(closingKpi.code);
  }

  // A stored formula (not in the document) naming a KPI whose frequency the document makes coarser.
  const refrequenced = new Set(
    [...context.docKpis.values()]
      .filter((kpi) => {
        const before = stored.kpis.get(kpi.code);
        return before !== undefined && before.frequency !== kpi.frequency;
      })
      .map((kpi) => kpi.code),
  );
  if (refrequenced.size === 0) return;
  for (const [code, kpi] of stored.kpis) {
    if (context.docKpis.has(code) || kpi.formula === null) continue;
    const names = listFormulaReferences(kpi.formula);
    if (!names.some((name) => refrequenced.has(name))) continue;
    const result = validateFormula(namedModel(kpi, names), code, kpi.formula);
    if (result.ok) continue;
    for (const problem of result.problems) {
      if (problem.code !== "FORMULA_COARSER_KPI") continue;
      for (const changed of findChangedKpis(context, problem.codes ?? [], "frequency")) {
        problems.add(
          "kpis",
          `${changed.path}.frequency`,
          `The formula of ${code} (not in this document) names ${changed.code}: ${problem.message}`,
        );
      }
    }
  }
}

function checkLinks(context: TreeContext, links: readonly WithPath<DocumentLink>[]): void {
  const { problems, stored } = context;
  const linkModel = (codes: readonly string[], modelLinks: readonly DriverLink[] = []) =>
    createHealthModel({
      plan: NO_PLAN,
      kpis: codes.flatMap((code) => {
        const kpi = context.kpis.get(code);
        return kpi === undefined ? [] : [toKpiDefinition(kpi)];
      }),
      links: modelLinks,
    });
  const rejected = new Set<string>();
  for (const link of links) {
    if (context.invalid.kpis.has(link.from) || context.invalid.kpis.has(link.to)) {
      rejected.add(linkKey(link.from, link.to));
      continue;
    }
    const result = validateLink(linkModel([link.from, link.to]), link);
    if (result.ok) continue;
    rejected.add(linkKey(link.from, link.to));
    problems.addDomain("links", link.path, result.problems);
  }

  // Cycles, over the stored links and the document's: each reported once, at the last link of the document on it.
  if (links.length > 0) {
    const merged = new Map<string, DriverLink>(stored.links.map((link) => [linkKey(link.from, link.to), link]));
    for (const link of links) merged.set(linkKey(link.from, link.to), link);
    for (const key of rejected) merged.delete(key);
    const pathOf = new Map(links.map((link, index) => [linkKey(link.from, link.to), { path: link.path, index }]));
    // One walk finds a cycle through each of a set of links that, removed, leaves no cycle. Each cycle is blamed on
    // its last link in the document; a cycle through a link already blamed is gone once that link is, as the user
    // will remove it, so it is not reported again.
    const reported = new Set<string>();
    const cycles = findCycles(
      [...context.kpis.keys()],
      [...merged.values()].map((link) => [link.from, link.to] as const),
    );
    for (const cycle of cycles) {
      const edges = cycle.slice(0, -1).map((from, index) => linkKey(from, cycle[index + 1] as string));
      if (edges.some((key) => reported.has(key))) continue;
      let closing: { key: string; path: string; index: number } | null = null;
      for (const key of edges) {
        const found = pathOf.get(key);
        if (found !== undefined && (closing === null || found.index > closing.index)) closing = { key, ...found };
      }
      const closingLink = closing === null ? undefined : merged.get(closing.key);
      if (closing === null || closingLink === undefined) continue;
      const others = edges.filter((key) => key !== closing.key).map((key) => merged.get(key) as DriverLink);
      const result = validateLink(linkModel(cycle.slice(0, -1), others), closingLink);
      const message = result.ok
        ? `The link closes a cycle: ${cycle.join(" → ")}.`
        : (result.problems.find((problem) => problem.code === "LINK_CYCLE")?.message ?? result.message);
      problems.add("links", closing.path, message);
      reported.add(closing.key);
    }
  }

  // A stored link (not in the document) that a document KPI's new Input → Process → Outcome level turns backwards.
  const releveled = new Set(findChangedKpis(context, [...context.docKpis.keys()], "ipo").map((kpi) => kpi.code));
  if (releveled.size === 0) return;
  const documentLinks = new Set(links.map((link) => linkKey(link.from, link.to)));
  for (const link of stored.links) {
    if (documentLinks.has(linkKey(link.from, link.to))) continue;
    if (!releveled.has(link.from) && !releveled.has(link.to)) continue;
    const result = validateLink(linkModel([link.from, link.to]), link);
    if (result.ok) continue;
    const backwards = result.problems.find((problem) => problem.code === "LINK_IPO_BACKWARDS");
    if (backwards === undefined) continue;
    const changed = context.docKpis.get(releveled.has(link.to) ? link.to : link.from) as CheckedKpi;
    problems.add(
      "kpis",
      `${changed.path}.ipo`,
      `The link from ${link.from} to ${link.to} (not in this document) would run backwards: ${backwards.message}`,
    );
  }
}

function checkObjectives(context: TreeContext, objectives: readonly CheckedObjective[]): void {
  const { problems, stored, plan } = context;
  const documentCodes = new Set(objectives.map((objective) => objective.code));
  const merged = new Map<string, { parent: string | null; plan: string | null }>();
  for (const [code, objective] of stored.objectives)
    merged.set(code, { parent: objective.parent, plan: objective.plan });
  for (const objective of objectives)
    merged.set(objective.code, { parent: objective.parent, plan: plan?.code ?? null });

  for (const objective of objectives) {
    const { department, parent, path } = objective;
    if (department !== null && !context.invalid.departments.has(department) && !context.departments.has(department)) {
      problems.add("objectives", `${path}.department`, `No department has the code ${department}.`);
    }
    if (parent !== null && !context.invalid.objectives.has(parent)) {
      const parentObjective = merged.get(parent);
      if (parentObjective === undefined) {
        problems.add("objectives", `${path}.parent`, `No objective has the code ${parent}.`);
      } else if (plan !== null && parentObjective.plan !== plan.code) {
        problems.add(
          "objectives",
          `${path}.parent`,
          `${parent} belongs to plan ${parentObjective.plan}: a child objective belongs to its parent's plan (${plan.code}).`,
        );
      }
    }
    // An objective moving to the document's plan takes its children along only if they are in the document too.
    const before = stored.objectives.get(objective.code);
    if (plan !== null && before !== undefined && before.plan !== plan.code) {
      const leftBehind = [...stored.objectives.values()]
        .filter((child) => child.parent === objective.code && !documentCodes.has(child.code))
        .map((child) => child.code);
      if (leftBehind.length > 0) {
        problems.add(
          "objectives",
          path,
          `${objective.code} moves from plan ${before.plan} to plan ${plan.code}, but its child objectives ` +
            `${leftBehind.join(", ")} (not in this document) would stay behind: include them too.`,
        );
      }
    }
  }

  // Parents must not form a cycle: reported once, at the last objective of the document on it, in lib/domain's words.
  const edges = new Map<string, string>();
  for (const [code, objective] of merged) {
    if (objective.parent !== null && merged.has(objective.parent)) edges.set(code, objective.parent);
  }
  // Each objective has one parent, so the cycles are disjoint and each is found once. The model that words the
  // problem holds the cycle alone, without the closing objective's parent, so each costs its own length.
  const pathOf = new Map(objectives.map((objective, index) => [objective.code, { path: objective.path, index }]));
  for (const cycle of findCycles([...merged.keys()], edges)) {
    const closing = lastInDocument(cycle.slice(0, -1), pathOf);
    if (closing === null) continue;
    const parent = edges.get(closing.code) as string;
    const model = createHealthModel({
      plan: NO_PLAN,
      objectives: cycle.slice(0, -1).map((code) => ({
        code,
        parent: code === closing.code ? null : (edges.get(code) ?? null),
        weight: 1,
      })),
    });
    const result = validateObjectiveParent(model, closing.code, parent);
    problems.add(
      "objectives",
      `${closing.path}.parent`,
      result.ok ? `${cycle.join(" → ")} (each the child of the next) is a cycle.` : result.message,
    );
  }
}

function checkKeyResults(
  context: TreeContext,
  keyResults: readonly CheckedKeyResult[],
  invalidCodes: ReadonlySet<string>,
): void {
  const { problems, stored, plan } = context;
  const keyResultModel = (objective: string, kpiCode: string | null, planDates: { start: string; end: string }) => {
    const kpi = kpiCode === null ? undefined : context.kpis.get(kpiCode);
    return createHealthModel({
      plan: planDates,
      objectives: [{ code: objective, parent: null, weight: 1 }],
      kpis: kpi === undefined ? [] : [toKpiDefinition(kpi)],
    });
  };
  // Problems that only a KPI or plan could explain are not reported when that KPI or plan is itself invalid.
  const dependsOnKpi = new Set([
    "KR_UNKNOWN_KPI",
    "KR_METRIC_NEEDS_START",
    "KR_TARGET_EQUALS_START",
    "KR_OUTSIDE_KPI_RANGE",
  ]);
  const dependsOnPlan = new Set(["KR_DATE_INVALID", "KR_DATES_ORDER"]);
  for (const keyResult of keyResults) {
    const isKpiInvalid = keyResult.kpi !== null && context.invalid.kpis.has(keyResult.kpi);
    const result = validateKeyResult(
      keyResultModel(keyResult.objective, keyResult.kpi, plan ?? NO_PLAN),
      toKeyResultDefinition(keyResult),
    );
    if (result.ok) continue;
    problems.addDomain(
      "objectives",
      keyResult.path,
      result.problems.filter(
        (problem) =>
          !(isKpiInvalid && dependsOnKpi.has(problem.code)) &&
          !(plan === null && dependsOnPlan.has(problem.code) && (!keyResult.startDate || !keyResult.dueDate)),
      ),
    );
  }

  // Stored key results (not in the document) that read something the document changes: the baseline of the KPI they
  // track (their default start value), or the plan's dates (their default start and due dates).
  const documentCodes = new Set([...keyResults.map((keyResult) => keyResult.code), ...invalidCodes]);
  checkStoredKeyResultsAgainstRanges(context, documentCodes);
  const baselineChanged = new Set(findChangedKpis(context, [...context.docKpis.keys()], "baseline").map((k) => k.code));
  const storedPlan = plan === null ? undefined : stored.plans.get(plan.code);
  const planDatesChanged =
    plan !== null && storedPlan !== undefined && (storedPlan.start !== plan.start || storedPlan.end !== plan.end);
  const documentObjectives = new Set(keyResults.map((keyResult) => keyResult.objective));
  for (const keyResult of stored.keyResults.values()) {
    if (documentCodes.has(keyResult.code) || plan === null) continue;
    const objective = stored.objectives.get(keyResult.objective);
    const isInDocumentPlan = documentObjectives.has(keyResult.objective) || objective?.plan === plan.code;
    const readsBaseline = keyResult.kpi !== null && keyResult.start === null && baselineChanged.has(keyResult.kpi);
    const readsPlan = planDatesChanged && isInDocumentPlan && (!keyResult.startDate || !keyResult.dueDate);
    if (!readsBaseline && !readsPlan) continue;
    const objectivePlan = isInDocumentPlan ? plan : (stored.plans.get(objective?.plan ?? "") ?? plan);
    const result = validateKeyResult(
      keyResultModel(keyResult.objective, keyResult.kpi, objectivePlan),
      toKeyResultDefinition(keyResult),
    );
    if (result.ok) continue;
    for (const problem of result.problems) {
      if (readsBaseline && (problem.code === "KR_METRIC_NEEDS_START" || problem.code === "KR_TARGET_EQUALS_START")) {
        const kpi = context.docKpis.get(keyResult.kpi as string) as CheckedKpi;
        problems.add(
          "kpis",
          `${kpi.path}.baseline`,
          `Key result ${keyResult.code} (not in this document) starts from this KPI's baseline: ${problem.message}`,
        );
      } else if (readsPlan && problem.code === "KR_DATES_ORDER") {
        problems.add(
          "plan",
          keyResult.startDate ? "plan.end" : "plan.start",
          `Key result ${keyResult.code} (not in this document) runs on the plan's dates: ${problem.message}`,
        );
      }
    }
  }
}

/**
 * Stored key results (not in the document) tracking a KPI whose valid range the document changes: their start and
 * target must lie inside the new range, as the document's own key results must (validateKeyResult). Each is reported
 * at the bound of the document's KPI that excludes it.
 */
function checkStoredKeyResultsAgainstRanges(context: TreeContext, documentCodes: ReadonlySet<string>): void {
  const codes = [...context.docKpis.keys()];
  const changed = new Map(
    [...findChangedKpis(context, codes, "min"), ...findChangedKpis(context, codes, "max")].map((kpi) => [
      kpi.code,
      kpi,
    ]),
  );
  if (changed.size === 0) return;
  const tracking = new Map<string, { code: string; start: number | null; target: number | null }[]>();
  for (const keyResult of context.stored.keyResults.values()) {
    if (keyResult.kpi === null || !changed.has(keyResult.kpi) || documentCodes.has(keyResult.code)) continue;
    const list = tracking.get(keyResult.kpi) ?? [];
    list.push({ code: keyResult.code, start: keyResult.start ?? null, target: keyResult.target ?? null });
    tracking.set(keyResult.kpi, list);
  }
  for (const [code, keyResults] of tracking) {
    const kpi = changed.get(code) as CheckedKpi;
    if (context.invalid.kpis.has(code)) continue;
    const check = validateRangeOfKeyResults(toKpiDefinition(kpi), keyResults);
    if (!check.ok) context.problems.addDomain("kpis", kpi.path, check.problems);
  }
}

function checkMeasurements(context: TreeContext, measurements: readonly WithPath<DocumentMeasurement>[]): void {
  const models = new Map<string, HealthModel>();
  const modelFor = (code: string): HealthModel => {
    let model = models.get(code);
    if (model === undefined) {
      const kpi = context.kpis.get(code);
      model = createHealthModel({ plan: NO_PLAN, kpis: kpi === undefined ? [] : [toKpiDefinition(kpi)] });
      models.set(code, model);
    }
    return model;
  };
  for (const measurement of measurements) {
    if (context.invalid.kpis.has(measurement.kpi)) continue;
    const result = validateMeasurement(modelFor(measurement.kpi), measurement);
    if (!result.ok) context.problems.addDomain("measurements", measurement.path, result.problems);
  }
}

/** Objectives ordered so that every parent comes before its children (the document may list them either way). */
function parentsFirst(objectives: readonly CheckedObjective[]): CheckedObjective[] {
  const byCode = new Map(objectives.map((objective) => [objective.code, objective]));
  const placed = new Set<string>();
  const ordered: CheckedObjective[] = [];
  const place = (objective: CheckedObjective, depth: number) => {
    if (placed.has(objective.code) || depth > objectives.length) return;
    const parent = objective.parent === null ? undefined : byCode.get(objective.parent);
    if (parent !== undefined) place(parent, depth + 1);
    placed.add(objective.code);
    ordered.push(objective);
  };
  for (const objective of objectives) place(objective, 0);
  return ordered;
}
