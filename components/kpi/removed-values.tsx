import type { RemovedValueRow } from "@/lib/dal/kpi-read";
import { formatValue } from "@/components/format/numbers";
import { formatPeriod, formatTimestamp } from "@/components/format/periods";

/** The values removed from their period: removing a measurement keeps its value in the history, shown here. */
export function RemovedValues({
  values,
  unit,
  fiscalYearStartMonth,
}: {
  values: readonly RemovedValueRow[];
  unit: string;
  fiscalYearStartMonth: number;
}) {
  return (
    <details className="removed-values">
      <summary>
        {values.length} removed value{values.length === 1 ? "" : "s"}
      </summary>
      <ul>
        {values.map((removed) => (
          <li key={`${removed.period}-${removed.removedAt}`}>
            {formatPeriod(removed.period, fiscalYearStartMonth)}: {formatValue(removed.value, unit)} by{" "}
            {removed.enteredBy}
            {removed.note ? ` (“${removed.note}”)` : ""}; removed by {removed.removedBy} on{" "}
            {formatTimestamp(removed.removedAt)}
          </li>
        ))}
      </ul>
    </details>
  );
}
