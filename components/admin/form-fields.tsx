"use client";

import type { ReactNode } from "react";
import { useActionFormState } from "./action-form";

// Labelled fields for an ActionForm. Each shows its hint and its errors next to it and links
// them to the input with aria-describedby; an input with an error is aria-invalid.

function useField(name: string, hint: ReactNode | undefined) {
  const { formId, fieldErrors } = useActionFormState();
  const id = `${formId}-${name}`;
  const errors = fieldErrors[name] ?? [];
  const hintId = hint ? `${id}-hint` : null;
  const errorId = errors.length > 0 ? `${id}-error` : null;
  const describedBy = [hintId, errorId].filter((value): value is string => value !== null).join(" ") || undefined;
  return { id, errors, hintId, errorId, describedBy, isInvalid: errors.length > 0 };
}

function FieldNotes({ hint, hintId, errors, errorId }: ReturnType<typeof useField> & { hint?: ReactNode }) {
  return (
    <>
      {hint && hintId ? (
        <p id={hintId} className="form__hint">
          {hint}
        </p>
      ) : null}
      {errorId ? (
        <p id={errorId} className="form__error">
          {errors.join(" ")}
        </p>
      ) : null}
    </>
  );
}

export function TextField({
  name,
  label,
  hint,
  type = "text",
  defaultValue,
  isRequired = false,
  autoComplete,
  inputMode,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  type?: "text" | "email" | "number" | "date" | "search" | "password";
  defaultValue?: string | number;
  isRequired?: boolean;
  autoComplete?: string;
  inputMode?: "decimal" | "numeric" | "text" | "email";
}) {
  const field = useField(name, hint);
  return (
    <div className="form__field">
      <label htmlFor={field.id}>{label}</label>
      <FieldNotes {...field} hint={hint} />
      <input
        id={field.id}
        name={name}
        type={type}
        defaultValue={defaultValue}
        required={isRequired}
        aria-required={isRequired || undefined}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={field.isInvalid || undefined}
        aria-describedby={field.describedBy}
      />
    </div>
  );
}

export type SelectOption = { value: string; label: string };

export function SelectField({
  name,
  label,
  hint,
  options,
  defaultValue,
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  options: readonly SelectOption[];
  defaultValue?: string;
}) {
  const field = useField(name, hint);
  return (
    <div className="form__field">
      <label htmlFor={field.id}>{label}</label>
      <FieldNotes {...field} hint={hint} />
      <select
        id={field.id}
        name={name}
        defaultValue={defaultValue}
        aria-invalid={field.isInvalid || undefined}
        aria-describedby={field.describedBy}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function CheckboxGroup({
  name,
  legend,
  hint,
  options,
  defaultValues = [],
}: {
  name: string;
  legend: string;
  hint?: ReactNode;
  options: readonly SelectOption[];
  defaultValues?: readonly string[];
}) {
  const field = useField(name, hint);
  return (
    <fieldset className="form__group" aria-describedby={field.describedBy}>
      <legend>{legend}</legend>
      <FieldNotes {...field} hint={hint} />
      {options.map((option) => (
        <div className="form__check" key={option.value}>
          <input
            id={`${field.id}-${option.value}`}
            type="checkbox"
            name={name}
            value={option.value}
            defaultChecked={defaultValues.includes(option.value)}
          />
          <label htmlFor={`${field.id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
