export const IPO_LABELS = { input: "Input", process: "Process", outcome: "Outcome" } as const;
