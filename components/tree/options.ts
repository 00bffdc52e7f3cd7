// Choices shared by the edit forms, in the words the spec uses.
export const DIRECTION_OPTIONS = [
  { value: "increase", label: "Increase (higher is better)" },
  { value: "decrease", label: "Decrease (lower is better)" },
  { value: "maintain", label: "Maintain (within a tolerance)" },
];

export const POLARITY_OPTIONS = [
  { value: "positive", label: "Positive (more drives more)" },
  { value: "negative", label: "Negative (more drives less)" },
];

export const KEY_RESULT_KIND_OPTIONS = [
  { value: "metric", label: "Metric (tracks a KPI)" },
  { value: "milestone", label: "Milestone (progress entered)" },
  { value: "qualitative", label: "Qualitative (a scored zone)" },
];

export const ZONE_OPTIONS = [
  { value: "", label: "Not scored yet" },
  { value: "fail", label: "Fail" },
  { value: "commit", label: "Commit" },
  { value: "target", label: "Target" },
  { value: "stretch", label: "Stretch" },
];
