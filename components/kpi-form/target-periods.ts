import { formatPeriodKey, listPeriodsBetween, type Frequency } from "@/lib/domain";
import { formatPeriod } from "@/components/format/periods";

export type PeriodOption = { value: string; label: string };

/**
 * The periods a per-period target may be set for: every period of the KPI's frequency that overlaps the plan, in the
 * agency's fiscal terms ("FY2027 Q1 (Jul–Sep 2026)"). Without a plan yet: the fiscal year containing `today`, the
 * one before and the one after. Periods that already have a target are left out.
 */
export function listTargetPeriods(
  frequency: Frequency,
  fiscalYearStartMonth: number,
  plan: { start: string; end: string } | null,
  today: string,
  taken: readonly string[] = [],
): PeriodOption[] {
  const year = Number(today.slice(0, 4));
  const span = plan ?? { start: `${year - 1}-${today.slice(5)}`, end: `${year + 1}-${today.slice(5)}` };
  return listPeriodsBetween(span.start, span.end, frequency, fiscalYearStartMonth)
    .map((period) => formatPeriodKey(period))
    .filter((key) => !taken.includes(key))
    .map((key) => ({ value: key, label: formatPeriod(key, fiscalYearStartMonth) }));
}
