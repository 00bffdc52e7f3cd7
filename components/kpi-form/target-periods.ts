import {
  formatPeriodKey,
  getPeriodContainingDate,
  getPeriodDates,
  listPeriodsBetween,
  type Frequency,
} from "@/lib/domain";
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
  const span = plan ?? getFiscalYearsAround(today, fiscalYearStartMonth);
  return listPeriodsBetween(span.start, span.end, frequency, fiscalYearStartMonth)
    .map((period) => formatPeriodKey(period))
    .filter((key) => !taken.includes(key))
    .map((key) => ({ value: key, label: formatPeriod(key, fiscalYearStartMonth) }));
}

/**
 * Whole fiscal years from the engine's calendar, not "today ± 1 year": that cut quarters and months in the middle of
 * a fiscal year, and on 29 February named a day that does not exist a year before.
 */
function getFiscalYearsAround(today: string, fiscalYearStartMonth: number): { start: string; end: string } {
  const year = getPeriodContainingDate(today, "annual", fiscalYearStartMonth);
  return {
    start: getPeriodDates({ frequency: "annual", index: year.index - 1 }, fiscalYearStartMonth).start,
    end: getPeriodDates({ frequency: "annual", index: year.index + 1 }, fiscalYearStartMonth).end,
  };
}
