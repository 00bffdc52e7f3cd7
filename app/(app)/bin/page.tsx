import { refusePage } from "@/components/shell/require-viewer";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listRecycleBin, type BinEntryDto } from "@/lib/dal/recycle-bin";
import { formatTimestamp } from "@/components/format/periods";
import { RestoreEntry } from "@/components/bin/restore-entry";

export const metadata: Metadata = { title: "Recycle bin" };

const KIND_LABEL: Record<BinEntryDto["kind"], string> = {
  objective: "Objective",
  keyResult: "Key result",
  kpi: "KPI",
  link: "Driver link",
};

function describeGoesWith(goesWith: BinEntryDto["goesWith"]): string {
  const parts = [
    ...goesWith.objectives.map((code) => `objective ${code}`),
    ...goesWith.keyResults.map((code) => `key result ${code}`),
    ...(goesWith.links.length > 0
      ? [`${goesWith.links.length} driver link${goesWith.links.length === 1 ? "" : "s"}`]
      : []),
    ...(goesWith.measurements > 0
      ? [`${goesWith.measurements} measurement${goesWith.measurements === 1 ? "" : "s"}`]
      : []),
    ...(goesWith.targets > 0 ? [`${goesWith.targets} target${goesWith.targets === 1 ? "" : "s"}`] : []),
    ...(goesWith.commentary > 0
      ? [`${goesWith.commentary} commentary entr${goesWith.commentary === 1 ? "y" : "ies"}`]
      : []),
  ];
  return parts.length > 0 ? parts.join(", ") : "Nothing else";
}

export default async function RecycleBinPage({ searchParams }: { searchParams: Promise<{ restored?: string }> }) {
  const principal = await getCurrentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent("/bin")}`);
  if (!can(principal, "tree:edit")) refusePage(principal, "/bin", "tree:edit");
  const { entries } = await listRecycleBin(principal);
  const { restored } = await searchParams;
  return (
    <div className="page">
      <h1>Recycle bin</h1>
      <p className="lead">
        What was deleted from the driver tree stays here for 30 days, with everything that went with it. Restoring puts
        it back as it was and recomputes health.
      </p>
      {restored ? (
        <div className="usa-alert usa-alert--success usa-alert--slim" role="status">
          <div className="usa-alert__body">
            <p className="usa-alert__text">
              {restored} restored, with everything that went with it; health is recomputed.
            </p>
          </div>
        </div>
      ) : null}
      {entries.length === 0 ? (
        <p className="empty-state">The recycle bin is empty.</p>
      ) : (
        <div className="table-scroll">
          <table className="usa-table usa-table--compact bin">
            <caption>Deleted items, latest first</caption>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">What went with it</th>
                <th scope="col">Deleted</th>
                <th scope="col">Expires</th>
                <th scope="col">Restore</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((entry) => (
                <tr key={entry.id}>
                  <th scope="row">
                    {KIND_LABEL[entry.kind]} {entry.code.replace("->", " → ")}
                    <div className="muted">{entry.title}</div>
                  </th>
                  <td>{describeGoesWith(entry.goesWith)}</td>
                  <td>
                    {entry.deletedBy}
                    <div className="muted">{formatTimestamp(entry.deletedAt)}</div>
                  </td>
                  <td>{formatTimestamp(entry.expiresAt)}</td>
                  <td>
                    <RestoreEntry id={entry.id} code={entry.code} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
