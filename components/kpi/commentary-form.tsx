"use client";

import { ActionForm } from "@/components/forms/action-form";
import { SelectField, TextAreaField } from "@/components/forms/fields";
import { useTreeActions } from "@/components/actions/tree-actions";

/** Adds the story behind a number, for a period or in general. */
export function CommentaryForm({
  nodeKind,
  code,
  periods,
}: {
  nodeKind: "kpi" | "objective";
  code: string;
  periods: readonly { value: string; label: string }[];
}) {
  const { addCommentaryAction } = useTreeActions();
  return (
    <ActionForm
      action={addCommentaryAction}
      label="Add commentary"
      submitLabel="Add commentary"
      successMessage="Commentary added."
      fieldNames={["period", "body"]}
      values={{ nodeKind, code, isInternal: "false" }}
      resetOnSuccess
    >
      <SelectField name="period" label="Period" options={[{ value: "", label: "No particular period" }, ...periods]} />
      <TextAreaField name="body" label="What happened, and what we are doing" isRequired />
    </ActionForm>
  );
}
