"use client";

import { useTreeActions } from "@/components/actions/tree-actions";
import { ActionForm } from "@/components/forms/action-form";
import { CheckboxField, TextAreaField } from "@/components/forms/fields";
import { SHOW_PUBLICLY_LABEL } from "./commentary-form";

/**
 * Edits one commentary entry in place, behind a disclosure: its words and, for someone who may publish, whether it is
 * shown on the public dashboard. Anyone else's save keeps it internal (their new words reach residents only through a
 * publisher). The form quotes the version shown, so an edit made meanwhile by someone else is refused as a conflict
 * rather than overwritten.
 */
export function EditCommentary({
  id,
  version,
  body,
  isInternal,
  canPublish,
  what,
}: {
  id: string;
  version: number;
  body: string;
  isInternal: boolean;
  canPublish: boolean;
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
        fieldNames={["body", "isPublic"]}
        values={{ id, version }}
      >
        <TextAreaField name="body" label="Commentary" defaultValue={body} isRequired />
        {canPublish ? (
          <CheckboxField name="isPublic" label={SHOW_PUBLICLY_LABEL} defaultChecked={!isInternal} />
        ) : isInternal ? null : (
          <p className="usa-hint">
            It is public now; saving makes it internal until a performance officer shows it again.
          </p>
        )}
      </ActionForm>
    </details>
  );
}
