import { describe, expect, test } from "vitest";
import {
  checkFormulaDraft,
  checkLinkCandidate,
  findWordAt,
  suggestFormulaKpis,
  toEngineModel,
} from "@/components/kpi-form/authoring-checks";
import type { AuthoringKpi } from "@/lib/dal/kpi-authoring";

const kpis: AuthoringKpi[] = [
  { code: "permits.reviewers", name: "Plan reviewers", ipo: "input", frequency: "monthly", formula: null },
  { code: "permits.issued", name: "Permits issued", ipo: "process", frequency: "monthly", formula: null },
  { code: "permits.cost", name: "Cost of permitting", ipo: "input", frequency: "quarterly", formula: null },
  {
    code: "permits.cost_per_permit",
    name: "Cost per permit",
    ipo: "process",
    frequency: "quarterly",
    formula: "permits.cost / permits.issued",
  },
  { code: "permits.median_days", name: "Median days to issue", ipo: "outcome", frequency: "monthly", formula: null },
  { code: "survey.satisfaction", name: "Resident satisfaction", ipo: "outcome", frequency: "annual", formula: null },
];
const model = toEngineModel({
  fiscalYearStartMonth: 7,
  kpis,
  links: [{ from: "permits.issued", to: "permits.median_days" }],
});

describe("checkFormulaDraft", () => {
  test.each([
    ["", "empty", null],
    ["   ", "empty", null],
    ["permits.issued / permits.reviewers", "valid", null],
    ["permits.issued /", "invalid", "FORMULA_SYNTAX"],
    ["permits.isued * 2", "invalid", "FORMULA_UNKNOWN_KPI"],
    ["permits.cost / permits.issued", "invalid", "FORMULA_COARSER_KPI"],
    ["survey.satisfaction", "invalid", "FORMULA_COARSER_KPI"],
    ["permits.median_days + 1", "invalid", "FORMULA_SELF_REFERENCE"],
    ["2 * 3", "invalid", "FORMULA_NAMES_NO_KPI"],
  ] as const)("a monthly KPI's formula %j is %s (%s)", (text, state, code) => {
    const check = checkFormulaDraft(model, { code: "permits.median_days", frequency: "monthly" }, text);
    expect(check.state).toBe(state);
    if (check.state === "invalid") expect(check.problems[0]?.code).toBe(code);
  });

  test("a cycle through another formula is shown with the codes along it", () => {
    const check = checkFormulaDraft(model, { code: "permits.cost", frequency: "quarterly" }, "permits.cost_per_permit");
    expect(check.state).toBe("invalid");
    if (check.state !== "invalid") return;
    expect(check.problems[0]).toMatchObject({
      code: "FORMULA_CYCLE",
      cycle: ["permits.cost", "permits.cost_per_permit", "permits.cost"],
    });
  });

  test("a new KPI without a code yet is checked under a code no KPI has", () => {
    const check = checkFormulaDraft(model, { code: "", frequency: "annual" }, "permits.cost * 4");
    expect(check).toEqual({ state: "valid", codes: ["permits.cost"] });
  });
});

describe("formula autocomplete", () => {
  test.each([
    ["permits.cost / perm", 19, { start: 15, end: 19, word: "perm" }],
    ["min(permits.iss, 3)", 15, { start: 4, end: 15, word: "permits.iss" }],
    ["permits.issued", 3, { start: 0, end: 14, word: "per" }],
    ["a + ", 4, { start: 4, end: 4, word: "" }],
  ])("the word at %j:%i", (text, cursor, expected) => {
    expect(findWordAt(text, cursor)).toEqual(expected);
  });

  test("suggests KPIs the formula may name, by code or name, codes that start with the word first", () => {
    const codes = (word: string) =>
      suggestFormulaKpis(kpis, { code: "permits.cost_per_permit", frequency: "quarterly" }, word).map((k) => k.code);
    expect(codes("permits.c")).toEqual(["permits.cost"]);
    expect(codes("issue")).toEqual(["permits.issued", "permits.median_days"]);
    // An annual KPI is coarser than a quarterly formula: never suggested.
    expect(codes("satisf")).toEqual([]);
    expect(codes("")).toEqual([]);
  });
});

describe("checkLinkCandidate", () => {
  test.each([
    ["permits.reviewers", "permits.issued", null],
    [
      "permits.median_days",
      "permits.issued",
      "the outcome permits.median_days cannot drive the process permits.issued",
    ],
    ["permits.issued", "permits.median_days", "already drives"],
    ["permits.median_days", "permits.median_days", "closes a cycle"],
  ])("%s → %s", (from, to, expected) => {
    const problem = checkLinkCandidate(model, from, to);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});
