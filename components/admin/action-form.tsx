"use client";

import {
  createContext,
  startTransition,
  useActionState,
  useContext,
  useEffect,
  useId,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from "react";
import type { ActionResult } from "@/lib/actions/action-result";

// A form that posts to a server action and shows its one typed result: the form-level
// message, each field's errors next to the field (see form-fields.tsx), and — for a new
// password or token — the secret, once.

type FormAction = (input: FormData) => Promise<ActionResult<unknown>>;

type FormState = { formId: string; fieldErrors: Record<string, string[]> };

const FormStateContext = createContext<FormState>({ formId: "form", fieldErrors: {} });

/** The enclosing ActionForm's id (a prefix for field ids) and its last field errors. */
export function useActionFormState(): FormState {
  return useContext(FormStateContext);
}

// Errors on inputs that have no visible field (hidden ids and versions, the whole form) are shown with the message.
const FORM_LEVEL_KEYS = ["_form", "id", "version", "cursor", "token"];

/** The secret at a dotted key of the result's data ("setupLink.path"). */
function readSecret(data: unknown, key: string): string | null {
  let value = data;
  for (const part of key.split(".")) {
    if (typeof value !== "object" || value === null) return null;
    value = (value as Record<string, unknown>)[part];
  }
  return typeof value === "string" ? value : null;
}

export function ActionForm({
  action,
  submitLabel,
  successMessage,
  secret,
  resetOnSuccess = false,
  isSecondary = false,
  label,
  children,
}: {
  action: FormAction;
  submitLabel: string;
  successMessage: string;
  /**
   * Which key of the result's data holds a secret to show once (dotted for a nested one), and what to call it. A
   * path (`isPath`) is shown as a whole link on the address the page was opened at.
   */
  secret?: { key: string; label: string; isPath?: boolean };
  resetOnSuccess?: boolean;
  isSecondary?: boolean;
  /** The form's accessible name, when the page has several forms. */
  label?: string;
  children?: ReactNode;
}) {
  const formId = useId();
  const formRef = useRef<HTMLFormElement>(null);
  const [result, dispatch, isPending] = useActionState<ActionResult<unknown> | null, FormData>(
    async (_previous, formData) => action(formData),
    null,
  );

  useEffect(() => {
    if (result?.ok && resetOnSuccess) formRef.current?.reset();
  }, [result, resetOnSuccess]);

  // Submitting by hand (instead of `action={dispatch}`) keeps what was typed when the server refuses it:
  // React resets a form after every action it runs itself.
  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formData = new FormData(event.currentTarget);
    startTransition(() => dispatch(formData));
  }

  const fieldErrors = result && !result.ok ? (result.fieldErrors ?? {}) : {};
  const formLevelErrors = FORM_LEVEL_KEYS.flatMap((key) => fieldErrors[key] ?? []);
  const secretValue = result?.ok && secret ? readSecret(result.data, secret.key) : null;
  const messageId = `${formId}-message`;

  return (
    <FormStateContext.Provider value={{ formId, fieldErrors }}>
      <form
        ref={formRef}
        className="form"
        onSubmit={handleSubmit}
        action={dispatch}
        aria-label={label}
        aria-describedby={result && !result.ok ? messageId : undefined}
        noValidate
      >
        {children}
        <button type="submit" className={isSecondary ? "button button--secondary" : "button"} disabled={isPending}>
          {submitLabel}
        </button>
        {result && !result.ok ? (
          <div className="notice notice--error" role="alert" id={messageId}>
            <p>{result.message}</p>
            {formLevelErrors.length > 0 ? <p>{formLevelErrors.join(" ")}</p> : null}
          </div>
        ) : null}
        {result?.ok ? (
          <div className="notice notice--success" role="status">
            <p>{successMessage}</p>
            {secret && secretValue ? (
              <SecretOutput
                label={secret.label}
                value={secret.isPath ? new URL(secretValue, window.location.origin).href : secretValue}
              />
            ) : null}
          </div>
        ) : null}
      </form>
    </FormStateContext.Provider>
  );
}

function SecretOutput({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copyStatus, setCopyStatus] = useState("");

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopyStatus("Copied.");
    } catch {
      setCopyStatus("Copying is not available here: select the text and copy it.");
    }
  }

  return (
    <div className="secret">
      <label htmlFor={`${id}-value`}>{label}</label>
      <div className="secret__row">
        <input
          id={`${id}-value`}
          className="secret__value"
          type="text"
          value={value}
          readOnly
          spellCheck={false}
          autoComplete="off"
          aria-describedby={`${id}-warning`}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="button button--secondary" onClick={copy}>
          Copy
        </button>
      </div>
      <p id={`${id}-warning`} className="secret__warning">
        Copy it now; it will not be shown again.
      </p>
      <p aria-live="polite">{copyStatus}</p>
    </div>
  );
}
