"use client";

import { ActionForm } from "@/components/forms/action-form";
import { CheckboxField, SelectField, TextAreaField } from "@/components/forms/fields";
import { useTreeActions } from "@/components/actions/tree-actions";

export const SHOW_PUBLICLY_LABEL = "Show on the public dashboard";

/**
 * Adds the story behind a number, for a period or in general. It is internal (signed-in staff only) unless someone
 * who may publish ticks "Show on the public dashboard"; others are not offered the choice (the server refuses it too).
 */
export function CommentaryForm({
  nodeKind,
  code,
  periods,
  canPublish,
}: {
  nodeKind: "kpi" | "objective";
  code: string;
  periods: readonly { value: string; label: string }[];
  canPublish: boolean;
}) {
  const { addCommentaryAction } = useTreeActions();
  return (
    <ActionForm
      action={addCommentaryAction}
      label="Add commentary"
      submitLabel="Add commentary"
      successMessage={canPublish ? "Commentary added." : "Commentary added, for signed-in staff only."}
      fieldNames={["period", "body", "isPublic"]}
      values={{ nodeKind, code }}
      resetOnSuccess
    >
      <SelectField name="period" label="Period" options={[{ value: "", label: "No particular period" }, ...periods]} />
      <TextAreaField name="body" label="What happened, and what we are doing" isRequired />
      {canPublish ? (
        <CheckboxField name="isPublic" label={SHOW_PUBLICLY_LABEL} />
      ) : (
        <p className="usa-hint">
          Only signed-in staff see it; a performance officer can show it on the public dashboard.
        </p>
      )}
    </ActionForm>
  );
}
