"use client";

import type { ReactNode } from "react";
import { fieldId, useFormState } from "./action-form";

// USWDS form fields that show their own errors from the enclosing ActionForm: the message
// sits under the label, the input is marked invalid and described by it.

type FieldProps = {
  name: string;
  label: string;
  /** Read before the label by assistive technology only, where a table row gives the context visually. */
  hiddenLabelPrefix?: string;
  hint?: string;
  isRequired?: boolean;
};

function useField(name: string, hint?: string) {
  const { formId, fieldErrors } = useFormState();
  const id = fieldId(formId, name);
  const errors = fieldErrors[name] ?? [];
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [hint ? hintId : null, errors.length > 0 ? errorId : null].filter(Boolean).join(" ") || undefined;
  return { id, errors, errorId, hintId, describedBy, isInvalid: errors.length > 0 };
}

function FieldShell({
  field,
  label,
  hiddenLabelPrefix,
  hint,
  isRequired,
  children,
}: {
  field: ReturnType<typeof useField>;
  label: string;
  hiddenLabelPrefix?: string;
  hint?: string;
  isRequired?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`usa-form-group${field.isInvalid ? " usa-form-group--error" : ""}`}>
      <label className={`usa-label${field.isInvalid ? " usa-label--error" : ""}`} htmlFor={field.id}>
        {hiddenLabelPrefix ? <span className="visually-hidden">{hiddenLabelPrefix} </span> : null}
        {label}
        {isRequired ? <span className="visually-hidden"> (required)</span> : null}
      </label>
      {hint ? (
        <div className="usa-hint" id={field.hintId}>
          {hint}
        </div>
      ) : null}
      {field.isInvalid ? (
        <span className="usa-error-message" id={field.errorId}>
          {field.errors.join(" ")}
        </span>
      ) : null}
      {children}
    </div>
  );
}

export function TextField({
  name,
  label,
  hiddenLabelPrefix,
  hint,
  isRequired,
  defaultValue,
  type = "text",
  inputMode,
  autoComplete = "off",
}: FieldProps & {
  defaultValue?: string | number | null;
  type?: "text" | "date" | "search";
  inputMode?: "decimal" | "numeric" | "text";
  autoComplete?: string;
}) {
  const field = useField(name, hint);
  return (
    <FieldShell field={field} label={label} hiddenLabelPrefix={hiddenLabelPrefix} hint={hint} isRequired={isRequired}>
      <input
        className={`usa-input${field.isInvalid ? " usa-input--error" : ""}`}
        id={field.id}
        name={name}
        type={type}
        inputMode={inputMode}
        defaultValue={defaultValue ?? ""}
        autoComplete={autoComplete}
        aria-invalid={field.isInvalid || undefined}
        aria-describedby={field.describedBy}
        aria-required={isRequired || undefined}
      />
    </FieldShell>
  );
}

export function NumberField(props: FieldProps & { defaultValue?: number | null }) {
  return <TextField {...props} inputMode="decimal" />;
}

export function TextAreaField({ name, label, hint, isRequired, defaultValue }: FieldProps & { defaultValue?: string }) {
  const field = useField(name, hint);
  return (
    <FieldShell field={field} label={label} hint={hint} isRequired={isRequired}>
      <textarea
        className={`usa-textarea${field.isInvalid ? " usa-input--error" : ""}`}
        id={field.id}
        name={name}
        rows={3}
        defaultValue={defaultValue ?? ""}
        aria-invalid={field.isInvalid || undefined}
        aria-describedby={field.describedBy}
        aria-required={isRequired || undefined}
      />
    </FieldShell>
  );
}

export type SelectOption = { value: string; label: string };

export function SelectField({
  name,
  label,
  hint,
  isRequired,
  defaultValue,
  options,
  onChange,
}: FieldProps & {
  defaultValue?: string | null;
  options: readonly SelectOption[];
  onChange?: (value: string) => void;
}) {
  const field = useField(name, hint);
  return (
    <FieldShell field={field} label={label} hint={hint} isRequired={isRequired}>
      <select
        className={`usa-select${field.isInvalid ? " usa-input--error" : ""}`}
        id={field.id}
        name={name}
        defaultValue={defaultValue ?? ""}
        aria-invalid={field.isInvalid || undefined}
        aria-describedby={field.describedBy}
        onChange={onChange ? (event) => onChange(event.currentTarget.value) : undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function CheckboxField({
  name,
  label,
  defaultChecked,
}: {
  name: string;
  label: string;
  defaultChecked?: boolean;
}) {
  const field = useField(name);
  return (
    <div className="usa-checkbox">
      <input
        className="usa-checkbox__input"
        id={field.id}
        type="checkbox"
        name={name}
        defaultChecked={defaultChecked}
      />
      <label className="usa-checkbox__label" htmlFor={field.id}>
        {label}
      </label>
    </div>
  );
}
