"use client";

import { useTreeActions } from "@/components/actions/tree-actions";
import { ActionForm } from "@/components/forms/action-form";
import { CheckboxField, TextAreaField } from "@/components/forms/fields";

/**
 * Edits one commentary entry in place, behind a disclosure: its words and whether it is internal. The form quotes the
 * version shown, so an edit made meanwhile by someone else is refused as a conflict rather than overwritten.
 */
export function EditCommentary({
  id,
  version,
  body,
  isInternal,
  what,
}: {
  id: string;
  version: number;
  body: string;
  isInternal: boolean;
  /** What is edited, for the accessible names ("the commentary by … of …"). */
  what: string;
}) {
  const { updateCommentaryAction } = useTreeActions();
  return (
    <details className="entry-edit">
      <summary>
        Edit<span className="visually-hidden"> {what}</span>
      </summary>
      <ActionForm
        action={updateCommentaryAction}
        label={`Edit ${what}`}
        submitLabel="Save commentary"
        successMessage="Commentary saved."
        fieldNames={["body", "isInternal"]}
        values={{ id, version }}
      >
        <TextAreaField name="body" label="Commentary" defaultValue={body} isRequired />
        <CheckboxField name="isInternal" label="Internal: only signed-in staff see it" defaultChecked={isInternal} />
      </ActionForm>
    </details>
  );
}
