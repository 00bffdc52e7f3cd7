"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, useTransition, type KeyboardEvent, type ReactNode } from "react";
import type { DeletePreview } from "@/lib/dal/recycle-bin";
import { useTreeActions, type TreeActions } from "@/components/actions/tree-actions";
import { StatusBadge } from "@/components/status/status-badge";
import { formatShare } from "@/components/format/numbers";

type NodeKind = "objective" | "keyResult" | "kpi";
type Kind = NodeKind | "link";

const NOUN: Record<NodeKind, string> = { objective: "objective", keyResult: "key result", kpi: "KPI" };
const DELETE_ACTION = {
  objective: "deleteObjectiveAction",
  keyResult: "deleteKeyResultAction",
  kpi: "deleteKpiAction",
  link: "deleteLinkAction",
} as const satisfies Record<Kind, keyof TreeActions>;
const KIND_LABEL = { objective: "Objective", keyResult: "Key result", kpi: "KPI" } as const;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What goes with the node, as sentences: nothing is listed that does not go. */
function describeGoesWith(goesWith: DeletePreview["goesWith"]): string[] {
  const lines: string[] = [];
  if (goesWith.objectives.length > 0) {
    lines.push(
      `Child ${goesWith.objectives.length === 1 ? "objective" : "objectives"}: ${goesWith.objectives.join(", ")}`,
    );
  }
  if (goesWith.keyResults.length > 0) {
    lines.push(`${goesWith.keyResults.length === 1 ? "Key result" : "Key results"}: ${goesWith.keyResults.join(", ")}`);
  }
  if (goesWith.links.length > 0) {
    lines.push(
      `Driver ${goesWith.links.length === 1 ? "link" : "links"}: ${goesWith.links.map((link) => link.replace("->", " → ")).join(", ")}`,
    );
  }
  if (goesWith.measurements > 0) {
    const history =
      goesWith.revisions > 0 ? ` (and ${plural(goesWith.revisions, "earlier value", "earlier values")})` : "";
    lines.push(`${plural(goesWith.measurements, "measurement", "measurements")}${history}`);
  }
  if (goesWith.targets > 0) lines.push(plural(goesWith.targets, "per-period target", "per-period targets"));
  if (goesWith.commentary > 0) lines.push(plural(goesWith.commentary, "commentary entry", "commentary entries"));
  return lines;
}

/**
 * Delete an objective, key result or KPI from its panel: the delete dialog under a "Delete …" button; afterwards the
 * node is gone, so the tree is shown.
 */
export function DeleteNode({
  kind,
  id,
  version,
  code,
  name,
}: {
  kind: NodeKind;
  id: string;
  version: number;
  code: string;
  name: string;
}) {
  return (
    <section aria-label={`Delete this ${NOUN[kind]}`} className="delete-node">
      <DeleteDialog
        kind={kind}
        id={id}
        version={version}
        openerLabel={`Delete ${NOUN[kind]}…`}
        heading={`Delete ${NOUN[kind]} ${code}?`}
        description={name}
        afterDelete="tree"
      />
    </section>
  );
}

/**
 * A button opening a modal dialog that first shows what goes with the item and whose health changes (previewDelete),
 * then moves it to the recycle bin. A native modal <dialog> keeps focus inside and closes on Escape; focus goes back
 * to the button when it closes. `afterDelete`: "tree" goes to the tree (the page showed the deleted node), "stay"
 * refreshes the page it is on (a driver link in a KPI's panel, a row of the KPI library).
 */
export function DeleteDialog({
  kind,
  id,
  version,
  openerLabel,
  heading,
  description,
  afterDelete,
  focusAfterDelete = "main-content",
}: {
  kind: Kind;
  id: string;
  version: number;
  /** The opening button's content: its accessible name says what it deletes. */
  openerLabel: ReactNode;
  heading: string;
  description: string;
  afterDelete: "tree" | "stay";
  /** With "stay": the id of the element given focus afterwards, since the button that opened the dialog is gone. */
  focusAfterDelete?: string;
}) {
  const actions = useTreeActions();
  const router = useRouter();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const isDeletedRef = useRef(false);
  const headingId = useId();
  const [isOpen, setIsOpen] = useState(false);
  const [preview, setPreview] = useState<DeletePreview | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [isLoading, startLoading] = useTransition();
  const [isDeleting, startDeleting] = useTransition();

  // The dialog's content is rendered only while it is open (a page may list fifty of these), and shown once rendered,
  // so that showModal() finds its controls to focus.
  useEffect(() => {
    if (isOpen && dialogRef.current && !dialogRef.current.open) dialogRef.current.showModal();
  }, [isOpen]);

  function open() {
    setPreview(null);
    setMessage(null);
    setIsOpen(true);
    startLoading(async () => {
      const result = await actions.previewDeleteAction({ kind, id });
      if (result.ok) setPreview(result.data as DeletePreview);
      else setMessage(result.message);
    });
  }

  function close() {
    dialogRef.current?.close();
  }

  // A modal <dialog> makes the page behind it inert, but Tab from its last control would leave for the browser's own
  // controls: keep it going round the dialog.
  function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>) {
    if (event.key !== "Tab" || !dialogRef.current) return;
    const controls = [
      ...dialogRef.current.querySelectorAll<HTMLElement>("button, [href], input, select, textarea"),
    ].filter((control) => !control.hasAttribute("disabled"));
    const first = controls[0];
    const last = controls[controls.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function confirm() {
    startDeleting(async () => {
      const result = await actions[DELETE_ACTION[kind]]({ id, version });
      if (!result.ok) {
        setMessage(result.message);
        return;
      }
      // Closing gives focus back to the opener, which the deleted item takes with it: focus goes elsewhere instead.
      isDeletedRef.current = true;
      dialogRef.current?.close();
      if (afterDelete === "tree") {
        router.push("/tree");
      } else {
        document.getElementById(focusAfterDelete)?.focus();
        router.refresh();
      }
    });
  }

  const goesWith = preview ? describeGoesWith(preview.goesWith) : [];
  const canDelete = preview !== null && preview.blockers.length === 0;
  return (
    <>
      <button type="button" className="usa-button usa-button--secondary" ref={openerRef} onClick={open}>
        {openerLabel}
      </button>
      <dialog
        ref={dialogRef}
        className="delete-dialog"
        aria-labelledby={headingId}
        onClose={() => {
          setIsOpen(false);
          if (!isDeletedRef.current) openerRef.current?.focus();
        }}
        onKeyDown={keepFocusInside}
      >
        {isOpen ? (
          <>
            <h2 id={headingId}>{heading}</h2>
            <p>
              {description}. It moves to the recycle bin, with everything that goes with it, and an officer can restore
              it from there for {preview?.retentionDays ?? 30} days.
            </p>
            <div aria-live="polite">
              {isLoading ? <p>Checking what goes with it…</p> : null}
              {preview ? (
                <>
                  <h3>What goes with it</h3>
                  {goesWith.length > 0 ? (
                    <ul>
                      {goesWith.map((line) => (
                        <li key={line}>{line}</li>
                      ))}
                    </ul>
                  ) : (
                    <p>Nothing else.</p>
                  )}
                  <h3>Whose health changes</h3>
                  {preview.healthChanges.length > 0 ? (
                    <ul>
                      {preview.healthChanges.map((shift) => (
                        <li key={shift.id}>
                          {KIND_LABEL[shift.kind]} {shift.code}: <StatusBadge status={shift.before.status} />{" "}
                          {formatShare(shift.before.health)} → <StatusBadge status={shift.after.status} />{" "}
                          {formatShare(shift.after.health)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <p>No other node&apos;s health changes.</p>
                  )}
                  {preview.blockers.length > 0 ? (
                    <div className="usa-alert usa-alert--warning usa-alert--slim" role="alert">
                      <div className="usa-alert__body">
                        <p className="usa-alert__text">It cannot be deleted: {preview.blockers.join("; ")}.</p>
                      </div>
                    </div>
                  ) : null}
                </>
              ) : null}
              {message ? (
                <div className="usa-alert usa-alert--error usa-alert--slim" role="alert">
                  <div className="usa-alert__body">
                    <p className="usa-alert__text">{message}</p>
                  </div>
                </div>
              ) : null}
            </div>
            <ul className="usa-button-group">
              <li className="usa-button-group__item">
                <button
                  type="button"
                  className="usa-button usa-button--secondary"
                  onClick={confirm}
                  disabled={!canDelete || isDeleting}
                >
                  {isDeleting ? "Moving to the recycle bin…" : "Move to the recycle bin"}
                </button>
              </li>
              <li className="usa-button-group__item">
                <button type="button" className="usa-button usa-button--outline" onClick={close}>
                  Cancel
                </button>
              </li>
            </ul>
          </>
        ) : null}
      </dialog>
    </>
  );
}
