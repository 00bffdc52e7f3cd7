import "server-only";

// Column sets that several readers select, written once.

/** A KPI's own definition fields, as the forms, pages and the engine need them. */
export const kpiDefinitionColumns = {
  id: true,
  code: true,
  name: true,
  description: true,
  unit: true,
  ipo: true,
  indicator: true,
  direction: true,
  frequency: true,
  aggregation: true,
  baseline: true,
  target: true,
  tolerance: true,
  formula: true,
  lagDays: true,
} as const;
