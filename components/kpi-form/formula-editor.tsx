"use client";

import { useId, useMemo, useRef, useState, useTransition } from "react";
import type { Frequency, HealthModel } from "@/lib/domain";
import type { AuthoringKpi } from "@/lib/dal/kpi-authoring";
import type { ActionResult } from "@/lib/actions/action-result";
import { fieldId, useFormState } from "@/components/forms/action-form";
import { formatPeriod } from "@/components/format/periods";
import { formatNumber } from "@/components/format/numbers";
import { checkFormulaDraft, findWordAt, suggestFormulaKpis, type FormulaCheck } from "./authoring-checks";

type Preview = { values: { period: string; value: number }[]; frequency: Frequency; asOf: string };
export type PreviewFormula = (input: Record<string, unknown>) => Promise<ActionResult<unknown>>;

/**
 * A formula KPI's formula, checked on every keystroke by the engine's own parser and validation against the agency's
 * KPIs (unknown code, coarser frequency, the KPI itself, a cycle with the codes along it), with the KPIs it may name
 * suggested for the word being typed, and a preview of the last values the server computes for it before saving.
 */
export function FormulaEditor({
  kpiCode,
  frequency,
  defaultValue,
  kpis,
  model,
  fiscalYearStartMonth,
  unit,
  previewAction,
}: {
  kpiCode: string;
  frequency: Frequency;
  defaultValue: string;
  kpis: readonly AuthoringKpi[];
  model: HealthModel;
  fiscalYearStartMonth: number;
  unit: string;
  previewAction: PreviewFormula;
}) {
  const { formId, fieldErrors } = useFormState();
  const id = fieldId(formId, "formula");
  const checkId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [text, setText] = useState(defaultValue);
  const [cursor, setCursor] = useState(defaultValue.length);
  const [preview, setPreview] = useState<{ for: string; result: ActionResult<unknown> } | null>(null);
  const [isPreviewing, startPreview] = useTransition();

  const check = useMemo(
    () => checkFormulaDraft(model, { code: kpiCode, frequency }, text),
    [model, kpiCode, frequency, text],
  );
  const word = findWordAt(text, cursor);
  const suggestions = useMemo(
    () => (word.word.length > 0 ? suggestFormulaKpis(kpis, { code: kpiCode, frequency }, word.word) : []),
    [kpis, kpiCode, frequency, word.word],
  );
  // Nothing to suggest once the word is already a whole code.
  const shown = suggestions.length === 1 && suggestions[0]?.code === word.word ? [] : suggestions;
  const serverErrors = fieldErrors.formula ?? [];
  const isInvalid = serverErrors.length > 0 || check.state === "invalid";

  function insert(code: string) {
    const next = text.slice(0, word.start) + code + text.slice(word.end);
    const at = word.start + code.length;
    setText(next);
    setCursor(at);
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      inputRef.current?.setSelectionRange(at, at);
    });
  }

  function runPreview() {
    const formula = text;
    startPreview(async () => {
      const result = await previewAction({ code: kpiCode || null, frequency, formula });
      setPreview({ for: formula, result });
    });
  }

  return (
    <div className={`usa-form-group${isInvalid ? " usa-form-group--error" : ""}`}>
      <label className={`usa-label${isInvalid ? " usa-label--error" : ""}`} htmlFor={id}>
        Formula
      </label>
      <div className="usa-hint" id={`${id}-hint`}>
        Leave empty for a measured KPI. A formula KPI is computed from other KPIs of its frequency or a finer one: KPI
        codes, numbers, + − × ÷, parentheses, min, max, abs and round — for example{" "}
        <code>permits.cost / permits.issued</code>. Type part of a code or name to see the KPIs it may use.
      </div>
      {serverErrors.length > 0 ? (
        <span className="usa-error-message" id={`${id}-error`}>
          {serverErrors.join(" ")}
        </span>
      ) : null}
      <input
        ref={inputRef}
        className={`usa-input formula-input${isInvalid ? " usa-input--error" : ""}`}
        id={id}
        name="formula"
        type="text"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => {
          setText(event.currentTarget.value);
          setCursor(event.currentTarget.selectionStart ?? event.currentTarget.value.length);
        }}
        onSelect={(event) => setCursor(event.currentTarget.selectionStart ?? text.length)}
        aria-invalid={isInvalid || undefined}
        aria-describedby={`${id}-hint ${checkId}${serverErrors.length > 0 ? ` ${id}-error` : ""}`}
      />
      <FormulaCheckView id={checkId} check={check} />
      {shown.length > 0 ? (
        <ul className="search-results" aria-label={`KPIs matching “${word.word}”`}>
          {shown.map((kpi) => (
            <li key={kpi.code}>
              <button type="button" onClick={() => insert(kpi.code)}>
                {kpi.name}{" "}
                <span className="muted">
                  ({kpi.code}, {kpi.frequency})
                </span>
                <span className="visually-hidden">: insert into the formula</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {check.state === "valid" ? (
        <div>
          <button
            type="button"
            className="usa-button usa-button--outline usa-button--small"
            onClick={runPreview}
            disabled={isPreviewing}
          >
            {isPreviewing ? "Computing…" : "Preview the last values"}
          </button>
          <div role="status">
            {preview && preview.for === text ? (
              <PreviewView result={preview.result} unit={unit} fiscalYearStartMonth={fiscalYearStartMonth} />
            ) : null}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function FormulaCheckView({ id, check }: { id: string; check: FormulaCheck }) {
  if (check.state === "empty") {
    return (
      <p id={id} className="usa-hint" aria-live="polite">
        No formula: values are entered for this KPI.
      </p>
    );
  }
  if (check.state === "valid") {
    return (
      <p id={id} className="formula-check formula-check--valid" aria-live="polite">
        The formula is valid. It uses {check.codes.join(", ")}.
      </p>
    );
  }
  const cycle = check.problems.find((problem) => problem.cycle)?.cycle;
  return (
    <div id={id} className="formula-check formula-check--invalid" aria-live="polite">
      <p className="margin-0">
        <strong>Not yet valid:</strong> {check.problems.map((problem) => problem.message).join(" ")}
      </p>
      {cycle ? (
        <p className="margin-0">
          The cycle:{" "}
          {cycle.map((code, index) => (
            <span key={`${code}-${index}`}>
              {index > 0 ? " → " : ""}
              <code>{code}</code>
            </span>
          ))}
        </p>
      ) : null}
    </div>
  );
}

function PreviewView({
  result,
  unit,
  fiscalYearStartMonth,
}: {
  result: ActionResult<unknown>;
  unit: string;
  fiscalYearStartMonth: number;
}) {
  if (!result.ok) {
    return <p className="formula-check formula-check--invalid">{result.message}</p>;
  }
  const preview = result.data as Preview;
  if (preview.values.length === 0) {
    return <p>The formula has no value yet: the KPIs it uses have no values for the same periods.</p>;
  }
  return (
    <table className="usa-table usa-table--borderless usa-table--compact">
      <caption>The formula&apos;s last values, as saving it would compute them</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col" className="number">
            Value{unit ? ` (${unit})` : ""}
          </th>
        </tr>
      </thead>
      <tbody>
        {preview.values.map((value) => (
          <tr key={value.period}>
            <th scope="row">{formatPeriod(value.period, fiscalYearStartMonth)}</th>
            <td className="number">{formatNumber(value.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
