// The KPI form's choices, in the words of spec/health.md.
export const IPO_OPTIONS = [
  { value: "input", label: "Input (resources put in)" },
  { value: "process", label: "Process (work done)" },
  { value: "outcome", label: "Outcome (result for residents)" },
];

export const INDICATOR_OPTIONS = [
  { value: "leading", label: "Leading (moves before the outcome)" },
  { value: "lagging", label: "Lagging (shows the result after the fact)" },
];

export const FREQUENCY_OPTIONS = [
  { value: "monthly", label: "Monthly" },
  { value: "quarterly", label: "Quarterly (fiscal quarters)" },
  { value: "annual", label: "Annual (fiscal years)" },
];

export const AGGREGATION_OPTIONS = [
  { value: "sum", label: "Sum (a quarter is the total of its months)" },
  { value: "avg", label: "Average (a quarter is the mean of its months)" },
  { value: "last", label: "Last (a quarter is its latest month)" },
];
