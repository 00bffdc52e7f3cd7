// Property (4): fed any string, the formula parser returns either a tree or its own typed error (with a position
// inside the text and what it expected) — it never throws — and a parsed formula always evaluates to a value or a
// typed "no value".

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { evaluateFormula, listFormulaCodes, parseFormula, type FormulaNode } from "@/lib/domain";

const ERROR_CODES = ["FORMULA_SYNTAX", "FORMULA_TOO_LONG", "FORMULA_TOO_DEEP"];

const formulaAlphabet = fc.constantFrom(
  ..."0123456789.abcxyz_ABQ+-*/(),  ".split(""),
  "min",
  "max",
  "abs",
  "round",
  "cost.total",
  "é",
  "∑",
  "\u0000",
  "😀",
);
const formulaLikeString = fc.array(formulaAlphabet, { maxLength: 40 }).map((parts) => parts.join(""));

const expression: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a", "b.c", "x_1", "0", "2", "0.5", "10"),
    fc.tuple(tie("node"), fc.constantFrom("+", "-", "*", "/"), tie("node")).map(([l, op, r]) => `${l} ${op} ${r}`),
    tie("node").map((inner) => `(${inner})`),
    tie("node").map((inner) => `-${inner}`),
    fc
      .tuple(fc.constantFrom("min", "max"), fc.array(tie("node"), { minLength: 1, maxLength: 3 }))
      .map(([name, args]) => `${name}(${args.join(", ")})`),
    tie("node").map((inner) => `abs(${inner})`),
    fc.tuple(tie("node"), fc.integer({ min: -3, max: 3 })).map(([inner, d]) => `round(${inner}, ${d})`),
  ),
})).node;

function checkParse(text: string) {
  let result: ReturnType<typeof parseFormula> | undefined;
  expect(() => {
    result = parseFormula(text);
  }).not.toThrow();
  if (result === undefined) return;
  if (result.ok) {
    const ast: FormulaNode = result.ast;
    const codes = listFormulaCodes(ast);
    const values = new Map(codes.map((code, i) => [code, i % 3 === 0 ? 0 : i + 1] as const));
    const evaluation = evaluateFormula(ast, (code) => values.get(code));
    if (evaluation.ok) expect(Number.isFinite(evaluation.value)).toBe(true);
    else expect(["missing input", "division by zero"]).toContain(evaluation.reason);
    return;
  }
  const { error } = result;
  expect(ERROR_CODES).toContain(error.code);
  expect(Number.isInteger(error.position)).toBe(true);
  expect(error.position).toBeGreaterThanOrEqual(0);
  expect(error.position).toBeLessThanOrEqual(text.length);
  expect(error.expected.length).toBeGreaterThan(0);
  expect(error.message.length).toBeGreaterThan(0);
}

describe("formula parser", () => {
  test("any string gives a tree or a typed error (1,000 random strings)", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 60 }), checkParse), { numRuns: 1000 });
  });

  test("formula-like strings give a tree or a typed error (1,000 random strings)", () => {
    fc.assert(fc.property(formulaLikeString, checkParse), { numRuns: 1000 });
  });

  test("every expression of the grammar parses and evaluates (1,000 random expressions)", () => {
    fc.assert(
      fc.property(expression, (text) => {
        const result = parseFormula(text);
        expect(result.ok).toBe(true);
        checkParse(text);
      }),
      { numRuns: 1000 },
    );
  });
});
