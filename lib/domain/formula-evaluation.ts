// Evaluating a parsed formula for one period (spec/health.md, "Formula KPIs"). A named KPI without a value, or a
// division by zero, gives "no value" with that reason — never 0 and never an exception.

import { listFormulaCodes, type FormulaNode } from "./formula-syntax";

export type FormulaNoValueReason = "missing input" | "division by zero";

export type FormulaEvaluation =
  { ok: true; value: number } | { ok: false; reason: FormulaNoValueReason; missing: string[] };

/** Evaluates `ast` with the values `lookup` gives for the codes it names. */
export function evaluateFormula(
  ast: FormulaNode,
  lookup: (code: string) => number | null | undefined,
): FormulaEvaluation {
  const codes = listFormulaCodes(ast);
  return runFormula(compileFormula(ast, codes), codes, codes.map(lookup));
}

/**
 * Runs a compiled formula over its inputs (in `codes` order). docs/health.md: a missing input is reported before a
 * division by zero, and a result that overflows to ±Infinity counts as a division by zero (both leave the result
 * undefined).
 */
export function runFormula(
  compiled: (inputs: readonly number[]) => number,
  codes: readonly string[],
  values: readonly (number | null | undefined)[],
): FormulaEvaluation {
  let missing: string[] | null = null;
  values.forEach((value, slot) => {
    if (typeof value !== "number") (missing ??= []).push(codes[slot] as string);
  });
  if (missing !== null) return { ok: false, reason: "missing input", missing };
  const value = compiled(values as readonly number[]);
  return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: "division by zero", missing: [] };
}

/**
 * Turns a tree into a function over the input values in `codes` order — built once per formula and called for
 * every period. A division by zero yields NaN, which every operation and function propagates.
 */
export function compileFormula(ast: FormulaNode, codes: readonly string[]): (inputs: readonly number[]) => number {
  const slots = new Map(codes.map((code, i) => [code, i] as const));
  const build = (node: FormulaNode): ((inputs: readonly number[]) => number) => {
    switch (node.type) {
      case "number": {
        const value = node.value;
        return () => value;
      }
      case "kpi": {
        const slot = slots.get(node.code) ?? -1;
        return (inputs) => inputs[slot] ?? NaN;
      }
      case "negate": {
        const operand = build(node.operand);
        return (inputs) => -operand(inputs);
      }
      case "binary": {
        const left = build(node.left);
        const right = build(node.right);
        switch (node.operator) {
          case "+":
            return (inputs) => left(inputs) + right(inputs);
          case "-":
            return (inputs) => left(inputs) - right(inputs);
          case "*":
            return (inputs) => left(inputs) * right(inputs);
          case "/":
            return (inputs) => {
              const divisor = right(inputs);
              return divisor === 0 ? NaN : left(inputs) / divisor;
            };
        }
        break;
      }
      case "call": {
        const args = node.args.map(build);
        if (node.name === "abs") {
          const [x] = args as [(inputs: readonly number[]) => number];
          return (inputs) => Math.abs(x(inputs));
        }
        if (node.name === "round") {
          const x = args[0] as (inputs: readonly number[]) => number;
          // The parser only accepts a whole number written in the formula here, so it is a constant.
          const places = args[1] === undefined ? 0 : (args[1] as (inputs: readonly number[]) => number)([]);
          return (inputs) => roundHalfAwayFromZero(x(inputs), places);
        }
        const pick = node.name === "min" ? Math.min : Math.max;
        // Math.min and Math.max propagate NaN, so a division by zero in any argument leaves no value.
        return (inputs) => pick(...args.map((arg) => arg(inputs)));
      }
    }
    return () => NaN;
  };
  return build(ast);
}

/**
 * spec/health.md: round(x, d) rounds half away from zero to d decimal places (negative d allowed). The scaled value
 * is first read to 15 significant digits, so that 1.005 rounds to 1.01 as it does by hand, not to 1.00 as its binary
 * form 1.00499999999999989… would.
 */
export function roundHalfAwayFromZero(x: number, places = 0): number {
  if (!Number.isFinite(x)) return x;
  const factor = 10 ** Math.abs(places);
  if (!Number.isFinite(factor)) return places > 0 ? x : 0;
  const magnitude = Math.abs(x);
  const scaled = places >= 0 ? magnitude * factor : magnitude / factor;
  if (!Number.isFinite(scaled) || scaled >= 2 ** 52) return x;
  const rounded = Math.floor(Number(scaled.toPrecision(15)) + 0.5);
  const result = places >= 0 ? rounded / factor : rounded * factor;
  return x < 0 && result !== 0 ? -result : result;
}
