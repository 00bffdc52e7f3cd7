import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { checkDocument, type DocumentCheck } from "@/lib/document/check-document";
import { EMPTY_STORED_TREE, normalizeKpi, type StoredKeyResult, type StoredTree } from "@/lib/document/stored-tree";
import type { DriverTreeDocument } from "@/lib/document/types";
import { DOCUMENT_LIMITS, documentKpiSchema } from "@/lib/validation/document";
import { rivertonDocument } from "@/prisma/seed-data/riverton";
import { exampleDocument, kpi, tenErrorDocument } from "./support/documents";
import { mutatedDocument } from "./support/mutations";

function problemsOf(result: DocumentCheck) {
  return result.ok ? [] : result.problems;
}

function check(mutate: (document: DriverTreeDocument) => void, stored: StoredTree = EMPTY_STORED_TREE) {
  const document = exampleDocument();
  mutate(document);
  return problemsOf(checkDocument(document, stored));
}

describe("a valid document", () => {
  test("the example of spec/drivertree-format.md passes, with the document's defaults filled in", () => {
    const result = checkDocument(exampleDocument());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const reviewers = result.document.kpis.find((candidate) => candidate.code === "permits.reviewers_fte");
    expect(reviewers).toMatchObject({ indicator: "lagging", lagDays: 30, published: false, tolerance: 0, targets: {} });
    expect(result.document.keyResults.map((keyResult) => keyResult.objective)).toEqual(["O1", "O1", "O1"]);
    expect(result.document.keyResults[1]).toMatchObject({ kind: "milestone", progress: 0.4, kpi: null });
  });

  test("the seeded City of Riverton document passes", () => {
    expect(problemsOf(checkDocument(rivertonDocument))).toEqual([]);
  });

  test("objectives may nest by children, and come out parents first", () => {
    const result = checkDocument({
      ...exampleDocument(),
      objectives: [
        { code: "O2.1", title: "Child listed first", parent: "O2" },
        { code: "O2", title: "Parent", children: [{ code: "O2.2", title: "Nested child" }] },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.objectives.map((objective) => [objective.code, objective.parent])).toEqual([
      ["O2", null],
      ["O2.1", "O2"],
      ["O2.2", "O2"],
    ]);
  });
});

describe("every problem, with its JSON path", () => {
  test("a document with ten distinct errors reports all ten, each at its path", () => {
    const { document, expectedPaths } = tenErrorDocument();
    const problems = problemsOf(checkDocument(document));
    expect(problems.map((problem) => problem.path)).toEqual(expectedPaths);
    for (const problem of problems) expect(problem.message.length).toBeGreaterThan(10);
  });

  test.each([
    ["an unknown top-level field", (d: DriverTreeDocument) => Object.assign(d, { extra: 1 }), "extra", /not a field/],
    [
      "another format",
      (d: DriverTreeDocument) => Object.assign(d, { format: "drivertree/v2" }),
      "format",
      /drivertree\/v1/,
    ],
    ["a missing plan", (d: DriverTreeDocument) => Object.assign(d, { plan: undefined }), "plan", /required/],
    [
      "a misspelt KPI field",
      (d: DriverTreeDocument) => Object.assign(d.kpis[1]!, { taget: 3 }),
      "kpis[1].taget",
      /not a field/,
    ],
    [
      "a misspelt objective field",
      (d: DriverTreeDocument) => Object.assign(d.objectives[0]!, { titel: "x" }),
      "objectives[0].titel",
      /not a field/,
    ],
    ["a reserved KPI code", (d: DriverTreeDocument) => d.kpis.push(kpi("round")), "kpis[5].code", /formula functions/],
    [
      "a department's unknown parent",
      (d: DriverTreeDocument) => (d.departments[1]!.parent = "XX"),
      "departments[1].parent",
      /No department/,
    ],
    [
      "departments in a cycle",
      (d: DriverTreeDocument) => (d.departments[0]!.parent = "PLN"),
      "departments[1].parent",
      /CM → PLN → CM|PLN → CM → PLN/,
    ],
    [
      "a formula that does not parse",
      (d: DriverTreeDocument) => (d.kpis[4]!.formula = "finance.permits_cost /"),
      "kpis[4].formula",
      /character/,
    ],
    [
      "a formula naming a coarser KPI",
      (d: DriverTreeDocument) =>
        d.kpis.push(kpi("yearly", { frequency: "annual" }), kpi("monthly.f", { formula: "yearly * 2" })),
      "kpis[6].formula",
      /annual/,
    ],
    [
      "a formula naming itself",
      (d: DriverTreeDocument) => (d.kpis[4]!.formula = "permits.cost_per_permit * 2"),
      "kpis[4].formula",
      /itself/,
    ],
    ["a link to an unknown KPI", (d: DriverTreeDocument) => (d.links[0]!.to = "nope"), "links[0].to", /No KPI/],
    ["the same link twice", (d: DriverTreeDocument) => d.links.push({ ...d.links[0]! }), "links[1]", /already/],
    ["a weight of 0", (d: DriverTreeDocument) => (d.links[0]!.weight = 0), "links[0].weight", /greater than 0/],
    [
      "an objective's unknown parent",
      (d: DriverTreeDocument) => (d.objectives[0]!.parent = "O9"),
      "objectives[0].parent",
      /No objective/,
    ],
    [
      "a child that names another parent",
      (d: DriverTreeDocument) => (d.objectives[0]!.children = [{ code: "O1.1", title: "Child", parent: "O7" }]),
      "objectives[0].children[0].parent",
      /children of O1/,
    ],
    [
      "objectives in a cycle",
      (d: DriverTreeDocument) => {
        d.objectives[0]!.parent = "O2";
        d.objectives.push({ code: "O2", title: "Two", parent: "O1" });
      },
      "objectives[1].parent",
      /cycle/,
    ],
    [
      "the same key result code under two objectives",
      (d: DriverTreeDocument) =>
        d.objectives.push({
          code: "O2",
          title: "Two",
          keyResults: [{ code: "O1.KR2", title: "Again", kind: "milestone" }],
        }),
      "objectives[1].keyResults[0].code",
      /already/,
    ],
    [
      "a metric key result without a target",
      (d: DriverTreeDocument) => delete d.objectives[0]!.keyResults![0]!.target,
      "objectives[0].keyResults[0].target",
      /target/,
    ],
    [
      "T = S",
      (d: DriverTreeDocument) => (d.objectives[0]!.keyResults![0]!.target = 30),
      "objectives[0].keyResults[0].target",
      /differ/,
    ],
    [
      "a milestone past 100%",
      (d: DriverTreeDocument) => (d.objectives[0]!.keyResults![1]!.progress = 1.5),
      "objectives[0].keyResults[1].progress",
      /between 0 and 1/,
    ],
    [
      "D1 before D0",
      (d: DriverTreeDocument) => (d.objectives[0]!.keyResults![0]!.dueDate = "2025-12-31"),
      "objectives[0].keyResults[0].dueDate",
      /after/,
    ],
    [
      "a measurement of a formula KPI",
      (d: DriverTreeDocument) => d.measurements!.push({ kpi: "permits.cost_per_permit", period: "2026-06", value: 1 }),
      "measurements[5].kpi",
      /formula/,
    ],
    [
      "a quarter for a monthly KPI",
      (d: DriverTreeDocument) => (d.measurements![2]!.period = "2026-Q4"),
      "measurements[2].period",
      /quarterly/,
    ],
    [
      "the same measurement twice",
      (d: DriverTreeDocument) => d.measurements!.push({ ...d.measurements![1]!, value: 23 }),
      "measurements[5]",
      /already/,
    ],
    [
      "a target key of another frequency",
      (d: DriverTreeDocument) => (d.kpis[0]!.targets = { "2026": 20 }),
      "kpis[0].targets.2026",
      /annual/,
    ],
    [
      "atRisk above onTrack",
      (d: DriverTreeDocument) => (d.agency.thresholds = { onTrack: 0.6 }),
      "agency.thresholds.atRisk",
      /above/,
    ],
    [
      "a plan ending before it starts",
      (d: DriverTreeDocument) => (d.plan.end = "2025-01-01"),
      "plan.end",
      /after its start/,
    ],
  ])("%s", (_, mutate, path, message) => {
    const problems = check(mutate);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe(path);
    expect(problems[0]?.message).toMatch(message);
  });

  test("a KPI whose own fields are invalid still exists for what names it: no cascade of unknown codes", () => {
    const problems = check((document) => {
      document.kpis[3]!.ipo = "sideways" as "input";
    });
    expect(problems.map((problem) => problem.path)).toEqual(["kpis[3].ipo"]);
  });
});

/** A stored tree holding the example document's objects, as if imported before. */
function storedExample(changes: Partial<StoredTree> = {}): StoredTree {
  const document = exampleDocument();
  const kpis = new Map(document.kpis.map((item) => [item.code, normalizeKpi(documentKpiSchema.parse(item))]));
  return {
    ...EMPTY_STORED_TREE,
    agency: {
      name: "City of Riverton",
      slug: "riverton",
      fiscalYearStartMonth: 7,
      thresholds: { onTrack: 0.9, atRisk: 0.7 },
    },
    departments: new Map([
      ["CM", { code: "CM", name: "City Manager's Office", parent: null, isRetired: false }],
      ["PLN", { code: "PLN", name: "Planning and Permits", parent: "CM", isRetired: false }],
      ["OLD", { code: "OLD", name: "Retired", parent: null, isRetired: true }],
    ]),
    plans: new Map([["CBP-2026", { code: "CBP-2026", name: "Plan", start: "2026-01-01", end: "2030-12-31" }]]),
    kpis,
    links: [{ from: "permits.reviewers_fte", to: "permits.median_days", weight: 1, polarity: "negative" }],
    objectives: new Map([
      [
        "O1",
        {
          code: "O1",
          title: "O1",
          description: "",
          department: "CM",
          parent: null,
          weight: 1,
          published: false,
          plan: "CBP-2026",
          position: 0,
        },
      ],
    ]),
    keyResults: new Map<string, StoredKeyResult>([
      [
        "O1.KR9",
        {
          code: "O1.KR9",
          title: "Tracks the baseline",
          kind: "metric",
          kpi: "permits.median_days",
          start: null,
          target: 20,
          startDate: "2026-03-01",
          dueDate: null,
          weight: 1,
          progress: null,
          zone: null,
          narrative: "",
          published: false,
          objective: "O1",
          position: 5,
        },
      ],
    ]),
    measurementCounts: new Map([["permits.reviewers_fte", 12]]),
    ...changes,
  };
}

describe("checked against what the agency holds", () => {
  test("a partial document may name stored objects it does not contain", () => {
    const problems = problemsOf(
      checkDocument(
        {
          format: "drivertree/v1",
          agency: { name: "City of Riverton", fiscalYearStartMonth: 7 },
          departments: [],
          plan: { code: "CBP-2026", start: "2026-01-01", end: "2030-12-31" },
          kpis: [kpi("permits.new_rate", { formula: "permits.issued / 2" })],
          links: [{ from: "permits.issued", to: "permits.new_rate" }],
          objectives: [
            {
              code: "O2",
              title: "Two",
              parent: "O1",
              keyResults: [{ code: "O2.KR1", title: "x", kpi: "permits.issued", start: 1, target: 2 }],
            },
          ],
          measurements: [{ kpi: "finance.permits_cost", period: "2026-07", value: 3 }],
        },
        storedExample(),
      ),
    );
    expect(problems).toEqual([]);
  });

  test.each([
    [
      "a new frequency under stored measurements",
      (d: DriverTreeDocument) => (d.kpis[1]!.frequency = "quarterly"),
      "kpis[1].frequency",
      /12 monthly measurement/,
    ],
    [
      "a formula on a measured KPI",
      (d: DriverTreeDocument) => (d.kpis[1]!.formula = "permits.issued * 2"),
      "kpis[1].formula",
      /takes none/,
    ],
    [
      "an Input → Process → Outcome level that turns a stored link backwards",
      (d: DriverTreeDocument) => {
        d.links = [];
        d.kpis[1]!.ipo = "process";
        d.kpis[0]!.ipo = "input";
      },
      "kpis[0].ipo",
      /not in this document/,
    ],
    [
      "a baseline a stored key result starts from, removed",
      (d: DriverTreeDocument) => (d.kpis[0]!.baseline = null),
      "kpis[0].baseline",
      /O1.KR9/,
    ],
    [
      "plan dates a stored key result runs on, reversed for it",
      (d: DriverTreeDocument) => (d.plan.end = "2026-02-01"),
      "plan.end",
      /O1.KR9/,
    ],
    [
      "a KPI of a retired department",
      (d: DriverTreeDocument) => (d.kpis[2]!.department = "OLD"),
      "kpis[2].department",
      /retired/,
    ],
  ])("%s is reported at the document's field that causes it", (_, mutate, path, message) => {
    const problems = check((document) => {
      document.measurements = [];
      mutate(document);
    }, storedExample());
    expect(problems.map((problem) => problem.path)).toEqual([path]);
    expect(problems[0]?.message).toMatch(message);
  });

  test("a link closing a cycle through stored links is reported at the document's link", () => {
    const problems = check(
      (document) => {
        document.links = [{ from: "permits.median_days", to: "permits.issued" }];
        document.kpis[3]!.ipo = "outcome";
      },
      storedExample({
        links: [{ from: "permits.issued", to: "permits.median_days", weight: 1, polarity: "positive" }],
      }),
    );
    expect(problems.map((problem) => problem.path)).toEqual(["links[0]"]);
    expect(problems[0]?.message).toMatch(/cycle/);
  });
});

describe("fuzzing the document checker", () => {
  test("a mutated document is either accepted or refused with problems that each have a path and a message", () => {
    fc.assert(
      fc.property(mutatedDocument(), (document) => {
        const result = checkDocument(document, storedExample());
        if (result.ok) return;
        expect(result.problems.length).toBeGreaterThan(0);
        for (const problem of result.problems) {
          expect(typeof problem.path).toBe("string");
          expect(problem.message.trim()).not.toBe("");
        }
      }),
      { numRuns: 400 },
    );
  });

  test("any JSON value at all never makes it throw", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = checkDocument(value);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe("size limits and many cycles", () => {
  const pairs = (count: number) =>
    Array.from({ length: count }, (_, i) => ({
      code: `D${i}`,
      name: `Department ${i}`,
      parent: `D${i % 2 === 0 ? i + 1 : i - 1}`,
    }));

  test("20,000 departments, all but two in two-cycles: each cycle reported once, at its later department", () => {
    const problems = check((document) => {
      document.departments.push(...pairs(DOCUMENT_LIMITS.departments - document.departments.length));
    });
    expect(problems).toHaveLength(9_999);
    expect(problems[0]).toEqual({
      path: `departments[${exampleDocument().departments.length + 1}].parent`,
      message: "Departments cannot be their own parents: D0 → D1 → D0 (each the child of the next) is a cycle.",
    });
    expect(problems.every((problem) => /D(\d+) → D\d+ → D\1 /.test(problem.message))).toBe(true);
  });

  test.each([
    ["departments", DOCUMENT_LIMITS.departments, "departments"],
    ["links", DOCUMENT_LIMITS.links, "driver links"],
    ["measurements", DOCUMENT_LIMITS.measurements, "measurements"],
  ] as const)("one %s over the limit: refused at the list, before any item is read", (list, max, words) => {
    const problems = check((document) => {
      // Items that are not even objects: the limit is all that is reported.
      (document as Record<string, unknown>)[list] = new Array(max + 1).fill(0);
    });
    expect(problems).toEqual([
      {
        path: list,
        message: `A document holds at most ${max.toLocaleString("en-US")} ${words}; this one has ${(max + 1).toLocaleString("en-US")}.`,
      },
    ]);
  });

  test("objectives are counted with the nested ones, and nest at most 100 levels", () => {
    const wide = check((document) => {
      document.objectives = Array.from({ length: 2 }, (_, i) => ({
        code: `W${i}`,
        title: "Wide",
        children: Array.from({ length: DOCUMENT_LIMITS.objectives / 2 }, (_, j) => ({
          code: `W${i}.${j}`,
          title: "c",
        })),
      }));
    });
    expect(wide).toEqual([
      { path: "objectives", message: expect.stringContaining("at most 20,000 objectives, nested ones included") },
    ]);
    let deep: Record<string, unknown> = { code: "L101", title: "Deepest" };
    for (let level = 100; level >= 1; level--) deep = { code: `L${level}`, title: "Level", children: [deep] };
    const tooDeep = check((document) => {
      document.objectives = [deep as never];
    });
    expect(tooDeep).toEqual([
      {
        path: `objectives[0]${".children[0]".repeat(99)}.children`,
        message: "Objectives nest at most 100 levels deep.",
      },
    ]);
  });

  test("a KPI has at most 1,200 per-period targets", () => {
    const problems = check((document) => {
      const first = document.kpis[0] as { targets?: Record<string, number> | null };
      first.targets = Object.fromEntries(Array.from({ length: 1_201 }, (_, i) => [`${2000 + i}`, 1]));
    });
    expect(problems).toEqual([{ path: "kpis[0].targets", message: "A KPI has at most 1,200 per-period targets." }]);
  });
});
