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
  minValue: true,
  maxValue: true,
} as const;

/** A key result's own fields, as its editor and the node panel need them. */
export const keyResultColumns = {
  id: true,
  code: true,
  title: true,
  kind: true,
  startValue: true,
  targetValue: true,
  startDate: true,
  dueDate: true,
  weight: true,
  progress: true,
  zone: true,
  narrative: true,
  published: true,
  version: true,
} as const;
