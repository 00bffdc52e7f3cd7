import Link from "next/link";
import type { UnlinkedKpiDto } from "@/lib/dal/tree-read";
import { StatusBadge } from "@/components/status/status-badge";

const SHOWN = 50;
const IPO_LABEL = { input: "input", process: "process", outcome: "outcome" } as const;

/**
 * The KPIs no key result reaches, directly or through drivers: the tree cannot draw them under an
 * objective, so they are listed under it — a new KPI is visible and can be opened at once.
 */
export function TreeUnlinkedKpis({ kpis }: { kpis: readonly UnlinkedKpiDto[] }) {
  if (kpis.length === 0) return null;
  return (
    <section aria-labelledby="unlinked-kpis" className="margin-top-3">
      <h2 id="unlinked-kpis">Unlinked KPIs ({kpis.length.toLocaleString("en-US")})</h2>
      <p className="muted">
        No key result tracks these KPIs or what they drive. Link one as a driver of a tracked KPI, or track it with a
        key result, to draw it in the tree.
      </p>
      <ul className="usa-list usa-list--unstyled">
        {kpis.slice(0, SHOWN).map((kpi) => (
          <li key={kpi.code}>
            <Link href={`/tree/kpi/${encodeURIComponent(kpi.code)}`} scroll={false}>
              {kpi.name}
            </Link>{" "}
            <span className="muted">
              ({kpi.code}, {IPO_LABEL[kpi.ipo]})
            </span>{" "}
            <StatusBadge status={kpi.status} />
          </li>
        ))}
      </ul>
      {kpis.length > SHOWN ? (
        <p>
          {(kpis.length - SHOWN).toLocaleString("en-US")} more: <Link href="/kpis">see every KPI in the library</Link>.
        </p>
      ) : null}
    </section>
  );
}
