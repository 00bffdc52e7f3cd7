// The health engine (spec/health.md): pure functions from plain data to plain data. No framework, no database, no
// clock — the date is always passed in as `asOf` (YYYY-MM-DD).

export * from "./model";
export * from "./dates";
export * from "./periods";
export * from "./weighted-mean";
export * from "./formula-syntax";
export * from "./formula-evaluation";
export * from "./graph";
export * from "./kpi-health";
export * from "./key-result-health";
export * from "./objective-health";
export * from "./health-nodes";
export * from "./explanations";
export * from "./changes";
export * from "./recompute";
export * from "./kpi-values";
export * from "./validation";
export * from "./change-impact";
export { getModelIndex, hasFormula, type ModelIndex } from "./model-index";
