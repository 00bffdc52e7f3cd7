import Link from "next/link";
import type { EditOptions, NodeDetail } from "@/lib/dal/node-read";
import type { AuthoringModel } from "@/lib/dal/kpi-authoring";
import { formatShare, formatValue, formatWeight } from "@/components/format/numbers";
import { NodeFlags, StatusBadge } from "@/components/status/status-badge";
import { STATUS_CLASS } from "@/components/status/status-meta";
import { DeleteNode } from "./delete-node";
import { KeyResultEditor } from "./key-result-editor";
import { KpiEditor } from "./kpi-editor";
import { ObjectiveEditor } from "./objective-editor";

const KIND_LABEL = { objective: "Objective", keyResult: "Key result", kpi: "KPI" } as const;

/** The side panel of the tree page: the node's health and why, and its edit forms for officers. */
export function NodePanel({
  detail,
  options,
  authoring = null,
}: {
  detail: NodeDetail;
  options: EditOptions | null;
  /** For an officer on a KPI: the compact model its form checks formulas and links against. */
  authoring?: AuthoringModel | null;
}) {
  const status = detail.health?.status ?? "NO_DATA";
  return (
    <div>
      <p className="muted">
        {KIND_LABEL[detail.kind]} {detail.code}
      </p>
      <h2>{detail.name}</h2>
      <div className={`status-card status-card--${STATUS_CLASS[status]}`}>
        <p>
          <StatusBadge status={status} />
          {detail.kind === "kpi" ? (
            <NodeFlags isStale={detail.health?.stale} isDivergent={detail.health?.divergent} />
          ) : null}
        </p>
        <NodeFigures detail={detail} />
        {detail.summary ? <p className="explanation-sentence">{detail.summary}</p> : null}
      </div>
      {detail.scope === "path" ? (
        <p className="usa-hint">
          This node lies on the path from your department to the top objectives: you see its name and health only.
        </p>
      ) : null}
      <PanelLinks detail={detail} />
      {detail.kind === "kpi" && detail.scope === "full" && !detail.edit ? <DriverSummary detail={detail} /> : null}
      {options && detail.kind === "objective" && detail.edit ? (
        <ObjectiveEditor key={detail.code} detail={detail} edit={detail.edit} options={options} />
      ) : null}
      {options && detail.kind === "keyResult" && detail.edit ? (
        <KeyResultEditor
          key={detail.code}
          code={detail.code}
          objective={detail.objective.code}
          edit={detail.edit}
          options={options}
        />
      ) : null}
      {options && authoring && detail.kind === "kpi" && detail.edit ? (
        <KpiEditor key={detail.code} detail={detail} edit={detail.edit} options={options} authoring={authoring} />
      ) : null}
      {options && detail.edit ? (
        <DeleteNode
          key={`delete-${detail.code}`}
          kind={detail.kind}
          id={detail.edit.id}
          version={detail.edit.version}
          code={detail.code}
          name={detail.name}
        />
      ) : null}
    </div>
  );
}

function NodeFigures({ detail }: { detail: NodeDetail }) {
  if (detail.kind === "kpi") {
    const health = detail.health;
    return (
      <p>
        Latest value <strong>{formatValue(health?.value ?? null, detail.unit)}</strong>
        {health?.target !== null && health?.target !== undefined ? (
          <>
            {" "}
            against a target of <strong>{formatValue(health.target, detail.unit)}</strong>
          </>
        ) : null}
        {health?.health !== null && health?.health !== undefined ? <> · health {formatShare(health.health)}</> : null}
      </p>
    );
  }
  const health = detail.health;
  return (
    <p>
      Health <strong>{formatShare(health?.health ?? null)}</strong> · progress{" "}
      <strong>{formatShare(health?.progress ?? null)}</strong>
      {detail.kind === "objective" && detail.health ? (
        <>
          {" "}
          · coverage {formatShare(detail.health.coverage)} · freshness {formatShare(detail.health.freshness)}
        </>
      ) : null}
    </p>
  );
}

function PanelLinks({ detail }: { detail: NodeDetail }) {
  if (detail.scope !== "full") {
    return detail.kind === "objective" ? (
      <p>
        <Link href={`/objective/${encodeURIComponent(detail.code)}`}>Open the objective page</Link>
      </p>
    ) : null;
  }
  if (detail.kind === "kpi") {
    return (
      <p>
        <Link href={`/kpi/${encodeURIComponent(detail.code)}`}>
          Open the KPI page<span className="visually-hidden">: {detail.name}</span>
        </Link>{" "}
        — chart, measurements, commentary and the full explanation.
      </p>
    );
  }
  if (detail.kind === "objective") {
    return (
      <p>
        <Link href={`/objective/${encodeURIComponent(detail.code)}`}>Open the objective page</Link>
      </p>
    );
  }
  return (
    <p>
      Under objective{" "}
      <Link href={`/objective/${encodeURIComponent(detail.objective.code)}`}>{detail.objective.title}</Link>
      {detail.kpi ? (
        <>
          ; tracks{" "}
          <Link href={`/tree/kpi/${encodeURIComponent(detail.kpi.code)}`} scroll={false}>
            {detail.kpi.name}
          </Link>
        </>
      ) : null}
    </p>
  );
}

function DriverSummary({ detail }: { detail: Extract<NodeDetail, { kind: "kpi" }> }) {
  if (detail.drivers.length === 0) return null;
  return (
    <section aria-labelledby="panel-drivers">
      <h3 id="panel-drivers">Drivers</h3>
      <ul className="driver-list">
        {detail.drivers.map((driver) => (
          <li key={driver.id}>
            {driver.name} — <StatusBadge status={driver.status} /> · weight {formatWeight(driver.weight)}
          </li>
        ))}
      </ul>
    </section>
  );
}
