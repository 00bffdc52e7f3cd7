// The formula language of spec/health.md: tokenizing, parsing with positioned errors, evaluation with typed
// "no value" reasons, and rounding.

import { describe, expect, test } from "vitest";
import {
  evaluateFormula,
  listFormulaCodes,
  listFormulaReferences,
  MAX_FORMULA_LENGTH,
  MAX_FORMULA_NESTING,
  parseFormula,
  roundHalfAwayFromZero,
  tokenizeFormula,
  type FormulaNode,
} from "@/lib/domain";

function parse(text: string): FormulaNode {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.ast;
}

function evaluate(text: string, values: Record<string, number>) {
  return evaluateFormula(parse(text), (code) => values[code]);
}

describe("tokenizing", () => {
  test("numbers, codes with dots, operators and parentheses, skipping white space", () => {
    expect(tokenizeFormula("round(cost.total / 1.5,\t2)").map((token) => [token.type, token.text])).toEqual([
      ["identifier", "round"],
      ["(", "("],
      ["identifier", "cost.total"],
      ["/", "/"],
      ["number", "1.5"],
      [",", ","],
      ["number", "2"],
      [")", ")"],
      ["end", ""],
    ]);
  });

  test("'5.' is the number 5 followed by a stray dot; '.5' is not a number", () => {
    expect(tokenizeFormula("5.").map((token) => token.type)).toEqual(["number", "invalid", "end"]);
    expect(tokenizeFormula(".5")[0]?.type).toBe("invalid");
  });
});

describe("parsing", () => {
  test.each([
    ["a + b * c", 7],
    ["(a + b) * c", 9],
    ["a - b - c", -4],
    ["a / b / c", 1 / 6],
    ["-a * b", -2],
    ["--a", 1],
    ["2 - -a", 3],
    ["min(a, b, c)", 1],
    ["max(a)", 1],
    ["abs(a - c)", 2],
    ["round(c / b)", 2],
    ["round(1234.5, -2)", 1200],
    ["a.b_c + 1", 11],
  ])("%s = %s", (text, expected) => {
    const result = evaluate(text, { a: 1, b: 2, c: 3, "a.b_c": 10 });
    expect(result).toEqual({ ok: true, value: expected });
  });

  test.each([
    { text: "", position: 0, expected: "a number", found: "the end of the formula" },
    { text: "a +", position: 3, expected: "a KPI code", found: "the end of the formula" },
    { text: "a * * b", position: 4, expected: "a number", found: "'*'" },
    { text: "a b", position: 2, expected: "an operator (+ - * /)", found: "'b'" },
    { text: "(a + b", position: 6, expected: "')'", found: "the end of the formula" },
    { text: "a + b)", position: 5, expected: "the end of the formula", found: "')'" },
    { text: "a $ b", position: 2, expected: "an operator (+ - * /)", found: "'$'" },
    { text: "min(a b)", position: 6, expected: "','", found: "'b'" },
    { text: "min()", position: 4, expected: "a number", found: "')'" },
    { text: "+a", position: 0, expected: "a number", found: "'+'" },
    { text: "1e3", position: 1, expected: "an operator (+ - * /)", found: "'e3'" },
    { text: "min + 1", position: 4, expected: "'(' after the function min", found: "'+'" },
  ])("$text → expected $expected at $position", ({ text, position, expected, found }) => {
    const result = parseFormula(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: "FORMULA_SYNTAX", position, found });
    expect(result.error.expected).toContain(expected);
    expect(result.error.message).toContain(`character ${position + 1}`);
  });

  test.each([
    ["Min(a)", 0, "Unknown function 'Min'"],
    ["sqrt(a)", 0, "Unknown function 'sqrt'"],
    ["abs(a, b)", 0, "abs takes 1 argument but has 2"],
    ["round(a, b, c)", 0, "round takes 1 or 2 arguments but has 3"],
    ["round(a, b)", 9, "whole number of decimal places"],
    ["round(a, 1.5)", 9, "whole number of decimal places"],
  ])("%s is refused at %s: %s", (text, position, message) => {
    const result = parseFormula(text);
    expect(result.ok ? null : result.error.position).toBe(position);
    expect(result.ok ? "" : result.error.message).toContain(message);
  });

  test("nesting deeper than the limit is a typed error, not a stack overflow", () => {
    const deep = `${"(".repeat(MAX_FORMULA_NESTING + 1)}a${")".repeat(MAX_FORMULA_NESTING + 1)}`;
    const result = parseFormula(deep);
    expect(result.ok ? null : result.error.code).toBe("FORMULA_TOO_DEEP");
    const atLimit = `${"(".repeat(MAX_FORMULA_NESTING)}a${")".repeat(MAX_FORMULA_NESTING)}`;
    expect(parseFormula(atLimit).ok).toBe(true);
  });

  test("a formula longer than the limit is a typed error", () => {
    const result = parseFormula("a+".repeat(MAX_FORMULA_LENGTH));
    expect(result.ok ? null : result.error.code).toBe("FORMULA_TOO_LONG");
  });

  test("a long run of unary minus parses without recursion", () => {
    expect(evaluate(`${"-".repeat(1000)}a`, { a: 4 })).toEqual({ ok: true, value: 4 });
  });

  test("the codes a formula names, once each, in order", () => {
    expect(listFormulaCodes(parse("b / (a + b) - min(c, a, 2)"))).toEqual(["b", "a", "c"]);
    expect(listFormulaReferences("finance.permits_cost / permits.issued")).toEqual([
      "finance.permits_cost",
      "permits.issued",
    ]);
    expect(listFormulaReferences("a +")).toEqual([]);
  });
});

describe("evaluation: no value, with its reason", () => {
  test("a named KPI without a value → missing input, naming it", () => {
    expect(evaluate("a + b + c", { a: 1 })).toEqual({ ok: false, reason: "missing input", missing: ["b", "c"] });
  });

  test("division by zero → division by zero, never 0 or Infinity", () => {
    expect(evaluate("a / b", { a: 1, b: 0 })).toEqual({ ok: false, reason: "division by zero", missing: [] });
    expect(evaluate("0 / b", { b: 0 })).toMatchObject({ reason: "division by zero" });
    expect(evaluate("a / (b - b)", { a: 1, b: 5 })).toMatchObject({ reason: "division by zero" });
  });

  test("a division by zero inside min, max, abs or round still leaves no value", () => {
    for (const text of ["min(1, a / b)", "max(a / b, 1)", "abs(a / b)", "round(a / b, 2)"]) {
      expect(evaluate(text, { a: 1, b: 0 })).toMatchObject({ ok: false, reason: "division by zero" });
    }
  });

  test("a missing input is reported before a division by zero (docs/health.md)", () => {
    expect(evaluate("a / b + c", { a: 1, b: 0 })).toMatchObject({ reason: "missing input", missing: ["c"] });
  });

  test("an overflow to Infinity counts as a division by zero (docs/health.md)", () => {
    expect(evaluate("a * a * a", { a: 1e200 })).toMatchObject({ ok: false, reason: "division by zero" });
  });

  test("results are not otherwise rounded", () => {
    expect(evaluate("a / b", { a: 1, b: 3 })).toEqual({ ok: true, value: 1 / 3 });
  });
});

describe("round: half away from zero to d places", () => {
  test.each([
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [0.5, 0, 1],
    [-0.5, 0, -1],
    [1.005, 2, 1.01],
    [-1.005, 2, -1.01],
    [268.1818181818182, 2, 268.18],
    [1250, -2, 1300],
    [-1250, -2, -1300],
    [1249, -2, 1200],
    [0.125, 2, 0.13],
    [123.456, 1, 123.5],
    [5, 400, 5],
    [5, -400, 0],
    [0.0001, 2, 0],
  ])("round(%s, %s) = %s", (x, places, expected) => {
    expect(roundHalfAwayFromZero(x, places)).toBe(expected);
  });
});
