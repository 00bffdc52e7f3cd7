"use client";

import { useEffect, useId, useMemo, useRef, useState, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/actions/action-result";
import type { TemplateCreation, TemplatePreview, TemplateStart } from "@/lib/dal/templates";
import type { TemplateChoicesInput } from "@/lib/validation/templates";

// A starter template's preview: the tree it creates with a checkbox on every part, its departments mapped to the
// agency's, a code prefix, the new plan when the agency has none — and what all that will create, checked by the
// server as the officer changes it (the same checks that creating runs). Create cannot be sent twice: the button is
// disabled while it runs, and a second creation would clash with the codes of the first and be refused.

type PreviewAction = (input: TemplateChoicesInput) => Promise<ActionResult<TemplatePreview>>;
type CreateAction = (input: TemplateChoicesInput) => Promise<ActionResult<TemplateCreation>>;

const IPO_LEVELS = [
  { ipo: "input", label: "Input KPIs", hint: "Resources the function puts in." },
  { ipo: "process", label: "Process KPIs", hint: "How well the work is done." },
  { ipo: "outcome", label: "Outcome KPIs", hint: "What residents get." },
] as const;

const DIRECTION_WORDS: Record<string, string> = {
  increase: "higher is better",
  decrease: "lower is better",
  maintain: "keep steady",
};

const KIND_WORDS: Record<string, string> = { metric: "Metric", milestone: "Milestone", qualitative: "Qualitative" };

function toggle(list: readonly string[], code: string, isOn: boolean): string[] {
  return isOn ? (list.includes(code) ? [...list] : [...list, code]) : list.filter((item) => item !== code);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function formatTarget(target: number | null, unit: string): string {
  if (target === null) return "no target yet";
  return `target ${target.toLocaleString("en-US")}${unit === "%" ? "%" : unit ? ` ${unit}` : ""}`;
}

function Checkbox({
  id,
  isChecked,
  onChange,
  label,
  description,
}: {
  id: string;
  isChecked: boolean;
  onChange: (isChecked: boolean) => void;
  label: ReactNode;
  description?: ReactNode;
}) {
  return (
    <div className="usa-checkbox">
      <input
        className="usa-checkbox__input"
        id={id}
        type="checkbox"
        checked={isChecked}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
      <label className="usa-checkbox__label" htmlFor={id}>
        {label}
        {description ? <span className="usa-checkbox__label-description">{description}</span> : null}
      </label>
    </div>
  );
}

function FieldErrors({ id, messages }: { id: string; messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <span className="usa-error-message" id={id}>
      {messages.join(" ")}
    </span>
  );
}

export function TemplateBuilder({
  start,
  previewAction,
  createAction,
}: {
  start: TemplateStart;
  previewAction: PreviewAction;
  createAction: CreateAction;
}) {
  const router = useRouter();
  const formId = useId().replace(/:/g, "");
  const idOf = (name: string) => `${formId}-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
  const { template, tree, agencyDepartments } = start;

  const [objectives, setObjectives] = useState<string[]>(start.choices.objectives);
  const [keyResults, setKeyResults] = useState<string[]>(start.choices.keyResults);
  const [kpis, setKpis] = useState<string[]>(start.choices.kpis);
  const [departments, setDepartments] = useState<Record<string, string>>(start.choices.departments);
  const [prefix, setPrefix] = useState(start.choices.prefix);
  const [plan, setPlan] = useState(start.choices.plan);
  const [preview, setPreview] = useState<TemplatePreview>(start.preview);
  const [previewMessage, setPreviewMessage] = useState<{ message: string; fieldErrors: Record<string, string[]> }>();
  const [createResult, setCreateResult] = useState<ActionResult<TemplateCreation> | null>(null);
  const [isChecking, startChecking] = useTransition();
  const [isCreating, startCreating] = useTransition();
  const summaryRef = useRef<HTMLDivElement>(null);

  const choices = useMemo<TemplateChoicesInput>(
    () => ({ template: template.id, objectives, keyResults, kpis, departments, prefix, plan }),
    [template.id, objectives, keyResults, kpis, departments, prefix, plan],
  );

  // Every change is checked by the server, a moment after the officer stops changing things.
  const isFirstRender = useRef(true);
  useEffect(() => {
    if (isFirstRender.current) {
      isFirstRender.current = false;
      return;
    }
    const timer = setTimeout(() => {
      startChecking(async () => {
        const result = await previewAction(choices);
        // A refused creation's problems describe the choices before this change.
        setCreateResult(null);
        if (result.ok) {
          setPreview(result.data);
          setPreviewMessage(undefined);
        } else {
          setPreviewMessage({ message: result.message, fieldErrors: result.fieldErrors ?? {} });
        }
      });
    }, 300);
    return () => clearTimeout(timer);
  }, [choices, previewAction]);

  useEffect(() => {
    if (createResult && !createResult.ok) summaryRef.current?.focus();
  }, [createResult]);

  // Field errors: the preview's problems, a refused preview's, or a refused creation's (the freshest wins).
  const fieldErrors: Record<string, string[]> = {};
  const addError = (path: string, message: string) => (fieldErrors[path || "_form"] ??= []).push(message);
  if (createResult && !createResult.ok) {
    for (const [path, messages] of Object.entries(createResult.fieldErrors ?? {})) {
      for (const message of messages) addError(path, message);
    }
  } else if (previewMessage) {
    for (const [path, messages] of Object.entries(previewMessage.fieldErrors)) {
      for (const message of messages) addError(path, message);
    }
  } else {
    for (const problem of preview.problems) addError(problem.path, problem.message);
  }
  // Problems on a field of this form link to it; the others (a template part, the whole choice) are listed as text.
  const linkable = new Set([
    "prefix",
    ...template.departments.map((department) => `departments.${department.code}`),
    ...(plan ? ["plan.name", "plan.code", "plan.start", "plan.end"] : []),
  ]);
  const problemCount = Object.values(fieldErrors).reduce((sum, messages) => sum + messages.length, 0);

  function create() {
    setCreateResult(null);
    startCreating(async () => {
      const result = await createAction(choices);
      setCreateResult(result);
      if (result.ok) router.push("/tree");
    });
  }

  const kpiByCode = new Map(tree.kpis.map((kpi) => [kpi.code, kpi]));
  const departmentName = new Map(template.departments.map((department) => [department.code, department.name]));
  const { counts } = preview;
  const errorId = (name: string) => `${idOf(name)}-error`;
  const describedBy = (name: string, hint?: string) =>
    [hint, fieldErrors[name] ? errorId(name) : null].filter(Boolean).join(" ") || undefined;

  return (
    <form
      className="template-builder"
      aria-label={`Create from the ${template.title} template`}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!isCreating) create();
      }}
    >
      <section className="section" aria-labelledby={idOf("parts-heading")}>
        <h2 id={idOf("parts-heading")}>Choose what to create</h2>
        <p>
          Untick anything your agency does not measure. A key result goes with the KPI it tracks, and a driver link with
          either of its KPIs. Key results start from example values: set your own baselines after creating.
        </p>
        {tree.objectives.map((objective) => (
          <fieldset key={objective.code} className="usa-fieldset template-builder__group">
            <legend className="usa-legend usa-legend--large">Objective and key results</legend>
            <Checkbox
              id={idOf(`objective-${objective.code}`)}
              isChecked={objectives.includes(objective.code)}
              onChange={(isOn) => setObjectives((list) => toggle(list, objective.code, isOn))}
              label={<strong>{objective.title}</strong>}
              description={`Objective ${objective.code}`}
            />
            <ul className="template-builder__children">
              {objective.keyResults.map((keyResult) => {
                const kpi = keyResult.kpi === null ? undefined : kpiByCode.get(keyResult.kpi);
                const isKpiOff = keyResult.kpi !== null && !kpis.includes(keyResult.kpi);
                return (
                  <li key={keyResult.code}>
                    <Checkbox
                      id={idOf(`key-result-${keyResult.code}`)}
                      isChecked={keyResults.includes(keyResult.code)}
                      onChange={(isOn) => setKeyResults((list) => toggle(list, keyResult.code, isOn))}
                      label={keyResult.title}
                      description={
                        `${KIND_WORDS[keyResult.kind] ?? keyResult.kind} key result ${keyResult.code}` +
                        (kpi ? `, tracks ${kpi.name} from ${keyResult.start} to ${keyResult.target}` : "") +
                        (isKpiOff ? " — left out with its KPI" : "")
                      }
                    />
                  </li>
                );
              })}
            </ul>
          </fieldset>
        ))}
        {IPO_LEVELS.map((level) => (
          <fieldset key={level.ipo} className="usa-fieldset template-builder__group">
            <legend className="usa-legend usa-legend--large">{level.label}</legend>
            <p className="usa-hint">{level.hint}</p>
            <ul className="template-builder__list">
              {tree.kpis
                .filter((kpi) => kpi.ipo === level.ipo)
                .map((kpi) => {
                  const drives = tree.links
                    .filter((link) => link.from === kpi.code)
                    .map((link) => kpiByCode.get(link.to)?.name ?? link.to);
                  return (
                    <li key={kpi.code}>
                      <Checkbox
                        id={idOf(`kpi-${kpi.code}`)}
                        isChecked={kpis.includes(kpi.code)}
                        onChange={(isOn) => setKpis((list) => toggle(list, kpi.code, isOn))}
                        label={kpi.name}
                        description={
                          <>
                            {kpi.code} · {kpi.unit}, {DIRECTION_WORDS[kpi.direction] ?? kpi.direction}, {kpi.frequency},{" "}
                            {formatTarget(kpi.target, kpi.unit)} · {departmentName.get(kpi.department)}
                            {drives.length > 0 ? ` · drives ${drives.join("; ")}` : ""}
                            <span className="template-builder__source">{kpi.description}</span>
                          </>
                        }
                      />
                    </li>
                  );
                })}
            </ul>
          </fieldset>
        ))}
      </section>

      <section className="section" aria-labelledby={idOf("fit-heading")}>
        <h2 id={idOf("fit-heading")}>Fit it to your agency</h2>
        <fieldset className="usa-fieldset">
          <legend className="usa-legend">Departments</legend>
          {agencyDepartments.length === 0 ? (
            <p className="usa-alert__text">
              Your agency has no departments yet. An admin adds them under Admin, Departments; then come back here.
            </p>
          ) : (
            <p className="usa-hint">Which of your departments owns each part of the template.</p>
          )}
          {template.departments.map((department) => {
            const name = `departments.${department.code}`;
            const id = idOf(name);
            return (
              <div
                key={department.code}
                className={`usa-form-group${fieldErrors[name] ? " usa-form-group--error" : ""}`}
              >
                <label className={`usa-label${fieldErrors[name] ? " usa-label--error" : ""}`} htmlFor={id}>
                  {department.name}
                </label>
                <FieldErrors id={errorId(name)} messages={fieldErrors[name]} />
                <select
                  className={`usa-select${fieldErrors[name] ? " usa-input--error" : ""}`}
                  id={id}
                  value={departments[department.code] ?? ""}
                  aria-invalid={fieldErrors[name] ? true : undefined}
                  aria-describedby={describedBy(name)}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setDepartments((mapping) => ({ ...mapping, [department.code]: value }));
                  }}
                >
                  <option value="">Choose a department</option>
                  {agencyDepartments.map((option) => (
                    <option key={option.code} value={option.code}>
                      {option.name} ({option.code})
                    </option>
                  ))}
                </select>
              </div>
            );
          })}
        </fieldset>

        <div className={`usa-form-group${fieldErrors.prefix ? " usa-form-group--error" : ""}`}>
          <label className={`usa-label${fieldErrors.prefix ? " usa-label--error" : ""}`} htmlFor={idOf("prefix")}>
            Code prefix (optional)
          </label>
          <div className="usa-hint" id={`${idOf("prefix")}-hint`}>
            Put in front of every code, for example <code>north.</code>, when your tree already uses some of these
            codes.
          </div>
          <FieldErrors id={errorId("prefix")} messages={fieldErrors.prefix} />
          <input
            className={`usa-input${fieldErrors.prefix ? " usa-input--error" : ""}`}
            id={idOf("prefix")}
            type="text"
            autoComplete="off"
            value={prefix}
            aria-invalid={fieldErrors.prefix ? true : undefined}
            aria-describedby={describedBy("prefix", `${idOf("prefix")}-hint`)}
            onChange={(event) => setPrefix(event.currentTarget.value)}
          />
        </div>

        {plan ? (
          <fieldset className="usa-fieldset">
            <legend className="usa-legend">Your plan</legend>
            <p className="usa-hint">Your agency has no plan yet: this one is created with the template.</p>
            {(
              [
                ["name", "Plan name", "text"],
                ["code", "Plan code", "text"],
                ["start", "Start date", "date"],
                ["end", "End date", "date"],
              ] as const
            ).map(([field, label, type]) => {
              const name = `plan.${field}`;
              return (
                <div key={field} className={`usa-form-group${fieldErrors[name] ? " usa-form-group--error" : ""}`}>
                  <label className={`usa-label${fieldErrors[name] ? " usa-label--error" : ""}`} htmlFor={idOf(name)}>
                    {label}
                  </label>
                  <FieldErrors id={errorId(name)} messages={fieldErrors[name]} />
                  <input
                    className={`usa-input${fieldErrors[name] ? " usa-input--error" : ""}`}
                    id={idOf(name)}
                    type={type}
                    autoComplete="off"
                    value={plan[field]}
                    aria-invalid={fieldErrors[name] ? true : undefined}
                    aria-describedby={describedBy(name)}
                    onChange={(event) => {
                      const value = event.currentTarget.value;
                      setPlan((current) => (current ? { ...current, [field]: value } : current));
                    }}
                  />
                </div>
              );
            })}
          </fieldset>
        ) : (
          <p>
            The objective joins your plan <strong>{preview.plan.name || preview.plan.code}</strong> (
            {preview.plan.start} to {preview.plan.end}).
          </p>
        )}
      </section>

      <section className="section" aria-labelledby={idOf("result-heading")}>
        <h2 id={idOf("result-heading")}>What will be created</h2>
        <div role="status" aria-live="polite">
          <p className="template-builder__counts">
            {plural(counts.objectives, "objective", "objectives")},{" "}
            {plural(counts.keyResults, "key result", "key results")}, {plural(counts.kpis, "KPI", "KPIs")} and{" "}
            {plural(counts.links, "driver link", "driver links")}
            {preview.isNewPlan ? ", in a new plan" : ""}.{isChecking ? " Checking…" : ""}
          </p>
          {preview.leftOut.length > 0 ? (
            <>
              <p>Left out with what you unticked:</p>
              <ul>
                {preview.leftOut.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
        {problemCount > 0 ? (
          <div className="usa-alert usa-alert--error usa-alert--slim" ref={summaryRef} tabIndex={-1} role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">
                {createResult && !createResult.ok
                  ? createResult.message
                  : (previewMessage?.message ?? `Fix ${plural(problemCount, "problem", "problems")} before creating:`)}
              </p>
              <ul>
                {Object.entries(fieldErrors).map(([path, messages]) =>
                  messages.map((message) => (
                    <li key={`${path}-${message}`}>
                      {linkable.has(path) ? <a href={`#${idOf(path)}`}>{message}</a> : message}
                    </li>
                  )),
                )}
              </ul>
            </div>
          </div>
        ) : null}
        {createResult && !createResult.ok && problemCount === 0 ? (
          <div className="usa-alert usa-alert--error usa-alert--slim" ref={summaryRef} tabIndex={-1} role="alert">
            <div className="usa-alert__body">
              <p className="usa-alert__text">{createResult.message}</p>
            </div>
          </div>
        ) : null}
        <button type="submit" className="usa-button" disabled={isCreating} aria-disabled={isCreating}>
          {isCreating ? "Creating…" : "Create"}
        </button>
        <div role="status" className="form-status">
          {createResult?.ok ? (
            <div className="usa-alert usa-alert--success usa-alert--slim">
              <div className="usa-alert__body">
                <p className="usa-alert__text">
                  Created {plural(createResult.data.created.kpis, "KPI", "KPIs")} and{" "}
                  {plural(createResult.data.created.keyResults, "key result", "key results")}. Opening the tree…
                </p>
              </div>
            </div>
          ) : null}
        </div>
      </section>
    </form>
  );
}
