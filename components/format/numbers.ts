// Numbers as people read them: grouped thousands, a sensible number of decimals, and the
// KPI's unit. One formatter for server and client, so both print the same text.

const formatters = new Map<number, Intl.NumberFormat>();

function getFormatter(maximumFractionDigits: number): Intl.NumberFormat {
  let formatter = formatters.get(maximumFractionDigits);
  if (!formatter) {
    formatter = new Intl.NumberFormat("en-US", { maximumFractionDigits });
    formatters.set(maximumFractionDigits, formatter);
  }
  return formatter;
}

/** Large numbers whole, small ones with up to two decimals (0.25 stays 0.25, 1,234.5 becomes 1,235). */
export function formatNumber(value: number): string {
  const magnitude = Math.abs(value);
  return getFormatter(magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : 2).format(value);
}

const CURRENCY_UNITS = new Set(["usd", "$"]);

/** A value in the KPI's unit: "72.5%", "$1,234", "12.3 days"; "—" when there is none. */
export function formatValue(value: number | null | undefined, unit = ""): string {
  if (value === null || value === undefined) return "—";
  const trimmed = unit.trim();
  if (trimmed === "%") return `${formatNumber(value)}%`;
  if (CURRENCY_UNITS.has(trimmed.toLowerCase())) {
    return `${value < 0 ? "−" : ""}$${formatNumber(Math.abs(value))}`;
  }
  return trimmed ? `${formatNumber(value)} ${trimmed}` : formatNumber(value);
}

/** A share in [0, 1] (health, progress, coverage) as a whole percentage: 0.8667 → "87%". */
export function formatShare(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return `${Math.round(value * 100)}%`;
}

/** A change of a share, in percentage points with its sign: +0.05 → "+5 points". */
export function formatShareChange(change: number | null | undefined): string {
  if (change === null || change === undefined) return "no earlier value";
  const points = Math.round(change * 100);
  if (points === 0) return "no change";
  return `${points > 0 ? "+" : "−"}${Math.abs(points)} point${Math.abs(points) === 1 ? "" : "s"}`;
}

/** A weight as entered: 1, 2, 0.5. */
export function formatWeight(weight: number): string {
  return getFormatter(3).format(weight);
}
