"use client";

import type { FormAction } from "@/components/forms/action-form";
import { ActionForm } from "@/components/forms/action-form";

/**
 * Move up / Move down among siblings: two buttons (each a form, so each works from the keyboard and
 * reports its own result). Order decides which child is the weakest on a tie, so health may change.
 */
export function TreeOrderControls({
  action,
  id,
  version,
  name,
  siblingsLabel,
}: {
  action: FormAction;
  id: string;
  version: number;
  /** What is moved, for the forms' accessible names ("O1.2"). */
  name: string;
  /** Among what ("its siblings", "the objective's key results"). */
  siblingsLabel: string;
}) {
  return (
    <div role="group" aria-label={`Order of ${name} among ${siblingsLabel}`}>
      {(["up", "down"] as const).map((direction) => (
        <ActionForm
          key={direction}
          action={action}
          label={`Move ${name} ${direction}`}
          submitLabel={direction === "up" ? "Move up" : "Move down"}
          successMessage={`Moved ${direction}.`}
          values={{ id, version, direction }}
          isSecondary
          className="display-inline-block margin-right-1 margin-bottom-1"
        />
      ))}
    </div>
  );
}
