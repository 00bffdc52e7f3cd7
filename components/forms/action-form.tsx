"use client";

import {
  createContext,
  startTransition,
  useActionState,
  useContext,
  useEffect,
  useId,
  useRef,
  type FormEvent,
  type ReactNode,
} from "react";
import type { ActionResult } from "@/lib/actions/action-result";

// A USWDS form that posts to a server action and shows its one typed result: a summary of
// what went wrong that links to each field, each field's own message beside it (fields.tsx),
// or a short confirmation. Values that are not fields (an id, the version the user opened)
// are added from props at submit time, so a form always quotes the version it shows.

export type FormAction = (input: FormData) => Promise<ActionResult<unknown>>;

type FormState = { formId: string; fieldErrors: Record<string, string[]> };

const FormStateContext = createContext<FormState>({ formId: "form", fieldErrors: {} });

export function useFormState(): FormState {
  return useContext(FormStateContext);
}

export function fieldId(formId: string, name: string): string {
  return `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

function readRecomputed(data: unknown): number | null {
  if (typeof data !== "object" || data === null) return null;
  const value = (data as Record<string, unknown>).recomputedNodes;
  return typeof value === "number" ? value : null;
}

export function ActionForm({
  action,
  submitLabel,
  successMessage,
  values,
  fieldNames,
  label,
  isSecondary = false,
  resetOnSuccess = false,
  className = "usa-form",
  children,
}: {
  action: FormAction;
  submitLabel: string;
  successMessage: string;
  /** Inputs that are not fields: added to the submission as they are. */
  values?: Record<string, string | number | null | undefined>;
  /** Fields shown in this form: errors on other inputs are listed in the summary. */
  fieldNames?: readonly string[];
  /** The form's accessible name (a page may hold several forms). */
  label: string;
  isSecondary?: boolean;
  resetOnSuccess?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  const formId = useId().replace(/:/g, "");
  const formRef = useRef<HTMLFormElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const [result, dispatch, isPending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (_previous, formData) => action(formData),
    null,
  );

  useEffect(() => {
    if (!result) return;
    if (!result.ok) summaryRef.current?.focus();
    else if (resetOnSuccess) formRef.current?.reset();
  }, [result, resetOnSuccess]);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    // Submitting by hand keeps what was typed when the server refuses it (React resets a form after its own actions).
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    for (const [key, value] of Object.entries(values ?? {})) {
      if (value !== null && value !== undefined) formData.set(key, String(value));
    }
    startTransition(() => dispatch(formData));
  }

  const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const listed = Object.entries(fieldErrors);
  const summaryId = `${formId}-summary`;
  const recomputed = result?.ok ? readRecomputed(result.data) : null;

  return (
    <FormStateContext.Provider value={{ formId, fieldErrors }}>
      <form
        ref={formRef}
        className={className}
        onSubmit={handleSubmit}
        aria-label={label}
        aria-describedby={result && !result.ok ? summaryId : undefined}
        noValidate
      >
        {result && !result.ok ? (
          <div
            className="usa-alert usa-alert--error usa-alert--slim"
            id={summaryId}
            ref={summaryRef}
            tabIndex={-1}
            role="alert"
          >
            <div className="usa-alert__body">
              <p className="usa-alert__text">{result.message}</p>
              {listed.length > 0 ? (
                <ul>
                  {listed.map(([name, messages]) => (
                    <li key={name}>
                      {fieldNames?.includes(name) ? (
                        <a href={`#${fieldId(formId, name)}`}>{messages.join(" ")}</a>
                      ) : (
                        messages.join(" ")
                      )}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </div>
        ) : null}
        {children}
        <button
          type="submit"
          className={`usa-button${isSecondary ? " usa-button--outline" : ""}`}
          disabled={isPending}
          aria-disabled={isPending}
        >
          {isPending ? "Saving…" : submitLabel}
        </button>
        <div role="status" className="form-status">
          {result?.ok ? (
            <div className="usa-alert usa-alert--success usa-alert--slim">
              <div className="usa-alert__body">
                <p className="usa-alert__text">
                  {successMessage}
                  {recomputed !== null && recomputed > 0
                    ? ` Health recomputed for ${recomputed} node${recomputed === 1 ? "" : "s"}.`
                    : ""}
                </p>
              </div>
            </div>
          ) : null}
        </div>
      </form>
    </FormStateContext.Provider>
  );
}
