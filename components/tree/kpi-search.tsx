"use client";

import { useId, useMemo, useState } from "react";
import type { KpiOption } from "@/lib/dal/node-read";
import { fieldId, useFormState } from "@/components/forms/action-form";

const IPO_LABEL = { input: "input", process: "process", outcome: "outcome" } as const;
const MAX_RESULTS = 8;

/**
 * Finds a KPI by name or code: type, then choose one of the matches (buttons, announced as a
 * count). The chosen code is submitted under `name`; errors on it are shown here. With
 * `describeProblem`, each match is checked as it is shown (the engine's own rule, for a driver
 * link): a match it refuses cannot be chosen and says why.
 */
export function KpiSearch({
  name,
  label,
  options,
  exclude = [],
  defaultCode = null,
  describeProblem,
}: {
  name: string;
  label: string;
  options: readonly KpiOption[];
  exclude?: readonly string[];
  defaultCode?: string | null;
  describeProblem?: (code: string) => string | null;
}) {
  const { formId, fieldErrors } = useFormState();
  const id = fieldId(formId, name);
  const resultsId = useId();
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<string | null>(defaultCode);
  const errors = fieldErrors[name] ?? [];
  const matches = useMemo(() => {
    const text = query.trim().toLowerCase();
    if (text.length === 0) return [];
    return options
      .filter((option) => !exclude.includes(option.code))
      .filter((option) => option.code.toLowerCase().includes(text) || option.name.toLowerCase().includes(text))
      .slice(0, MAX_RESULTS);
  }, [query, options, exclude]);
  const chosenOption = options.find((option) => option.code === chosen);
  const isInvalid = errors.length > 0;

  return (
    <div className={`usa-form-group${isInvalid ? " usa-form-group--error" : ""}`}>
      <label className={`usa-label${isInvalid ? " usa-label--error" : ""}`} htmlFor={id}>
        {label}
      </label>
      <div className="usa-hint" id={`${id}-hint`}>
        Type part of a KPI&apos;s name or code, then choose it from the list.
      </div>
      {isInvalid ? (
        <span className="usa-error-message" id={`${id}-error`}>
          {errors.join(" ")}
        </span>
      ) : null}
      <input
        className={`usa-input${isInvalid ? " usa-input--error" : ""}`}
        id={id}
        type="search"
        autoComplete="off"
        value={query}
        onChange={(event) => setQuery(event.currentTarget.value)}
        aria-describedby={`${id}-hint ${resultsId}${isInvalid ? ` ${id}-error` : ""}`}
        aria-invalid={isInvalid || undefined}
        aria-controls={matches.length > 0 ? `${resultsId}-list` : undefined}
      />
      <input type="hidden" name={name} value={chosen ?? ""} />
      <p id={resultsId} className="usa-hint" aria-live="polite">
        {query.trim().length === 0
          ? chosenOption
            ? `Chosen: ${chosenOption.name} (${chosenOption.code}).`
            : "No KPI chosen yet."
          : `${matches.length === 0 ? "No" : matches.length} matching KPI${matches.length === 1 ? "" : "s"}${
              chosenOption ? `; chosen: ${chosenOption.name}` : ""
            }.`}
      </p>
      {matches.length > 0 ? (
        <ul className="search-results" id={`${resultsId}-list`} aria-label="Matching KPIs">
          {matches.map((option) => {
            const problem = describeProblem?.(option.code) ?? null;
            return (
              <li key={option.code}>
                <button
                  type="button"
                  aria-pressed={option.code === chosen}
                  disabled={problem !== null}
                  onClick={() => setChosen(option.code)}
                >
                  {option.name}{" "}
                  <span className="muted">
                    ({option.code}, {IPO_LABEL[option.ipo]})
                  </span>
                  {problem !== null ? <span className="search-results__problem">Not possible: {problem}</span> : null}
                </button>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
