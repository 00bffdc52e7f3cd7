import type { Status } from "@/lib/domain";
import { StatusIcon } from "./status-icon";
import { STATUS_CLASS, STATUS_LABELS } from "./status-meta";

/** A status in words, with its icon and colour. */
export function StatusBadge({ status }: { status: Status | null }) {
  const shown = status ?? "NO_DATA";
  return (
    <span className={`status status--${STATUS_CLASS[shown]}`}>
      <StatusIcon status={shown} />
      <span className="status__label">{STATUS_LABELS[shown]}</span>
    </span>
  );
}

/** The badges beside a KPI's status: stale data, divergence from its drivers, shared node. */
export function NodeFlags({
  isStale,
  isDivergent,
  isShared,
}: {
  isStale?: boolean;
  isDivergent?: boolean;
  isShared?: boolean;
}) {
  if (!isStale && !isDivergent && !isShared) return null;
  return (
    <>
      {isStale ? <span className="usa-tag flag flag--stale">Stale data</span> : null}
      {isDivergent ? <span className="usa-tag flag flag--divergent">Divergent</span> : null}
      {isShared ? <span className="usa-tag flag flag--shared">Shared</span> : null}
    </>
  );
}
