import { summarizeExplanation, type KpiExplanation, type Status } from "@/lib/domain";
import { formatNumber, formatShare, formatValue, formatWeight } from "@/components/format/numbers";
import { formatPeriod } from "@/components/format/periods";
import { STATUS_LABELS } from "@/components/status/status-meta";

// "Why is this amber?" — the engine's stored explanation of a KPI's health, laid out: the rule
// that fired, the inputs it used, and each driver's weighted share.

const RULE_WORDS: Record<KpiExplanation["rule"], string> = {
  "increase-from-baseline":
    "Higher is better, measured from the baseline: attainment = (value − baseline) ÷ (target − baseline).",
  "increase-ratio": "Higher is better: attainment = value ÷ target.",
  "decrease-from-baseline":
    "Lower is better, measured from the baseline: attainment = (value − baseline) ÷ (target − baseline).",
  "decrease-ratio": "Lower is better: attainment = target ÷ value.",
  "decrease-non-positive-value": "Lower is better and the value is 0 or less: attainment is 1.",
  "maintain-within-tolerance": "Keep within a tolerance of the target: the value is within it, so attainment is 1.",
  "maintain-outside-tolerance":
    "Keep within a tolerance of the target: attainment = 1 − (distance from the target − tolerance) ÷ tolerance, at least 0.",
  "target-not-positive":
    "The target is 0 or less with no usable baseline: attainment is 1 when the target is met, 0 when not.",
  "no-data": "There is no value yet, so there is no health.",
  "no-target": "There is a value but no target for its period, so there is no health.",
  composite: "This KPI has no measurements of its own: its health is the weighted health of its drivers.",
};

const SOURCE_WORDS = { measurement: "a measurement", formula: "its formula", drivers: "its drivers" } as const;

export function KpiExplanationView({
  explanation,
  unit,
  fiscalYearStartMonth,
  driverNames,
}: {
  explanation: KpiExplanation;
  unit: string;
  fiscalYearStartMonth: number;
  driverNames: ReadonlyMap<string, string>;
}) {
  const e = explanation;
  const statusWord = STATUS_LABELS[e.status as Status].toLowerCase();
  return (
    <section className="section" aria-labelledby="why-heading">
      <h2 id="why-heading">Why is this {statusWord}?</h2>
      <p>
        <strong>Rule:</strong> {RULE_WORDS[e.rule]}
      </p>
      <table className="usa-table usa-table--borderless usa-table--compact">
        <caption>The inputs of the rule</caption>
        <tbody>
          <tr>
            <th scope="row">Latest value</th>
            <td>
              {formatValue(e.value, unit)}
              {e.period ? ` (${formatPeriod(e.period, fiscalYearStartMonth)}, from ${SOURCE_WORDS[e.source]})` : ""}
            </td>
          </tr>
          <tr>
            <th scope="row">Target</th>
            <td>
              {formatValue(e.target, unit)}
              {e.targetFrom === "period"
                ? " (the target set for that period)"
                : e.targetFrom === "default"
                  ? " (the default target)"
                  : ""}
            </td>
          </tr>
          {e.baseline !== null ? (
            <tr>
              <th scope="row">Baseline</th>
              <td>{formatValue(e.baseline, unit)}</td>
            </tr>
          ) : null}
          {e.direction === "maintain" ? (
            <tr>
              <th scope="row">Tolerance</th>
              <td>{formatValue(e.tolerance, unit)}</td>
            </tr>
          ) : null}
          <tr>
            <th scope="row">Attainment</th>
            <td>{e.attainment === null ? "—" : `${formatNumber(e.attainment * 100)}%`}</td>
          </tr>
          <tr>
            <th scope="row">Health</th>
            <td>{formatShare(e.health)}</td>
          </tr>
          <tr>
            <th scope="row">Thresholds</th>
            <td>
              on track from {formatShare(e.thresholds.onTrack)} (
              {e.thresholds.onTrackFrom === "kpi" ? "this KPI's" : "the agency's"}), at risk from{" "}
              {formatShare(e.thresholds.atRisk)} ({e.thresholds.atRiskFrom === "kpi" ? "this KPI's" : "the agency's"})
            </td>
          </tr>
          <tr>
            <th scope="row">Data due</th>
            <td>
              {e.staleness.isDue
                ? `a value for ${formatPeriod(e.staleness.expectedPeriod, fiscalYearStartMonth)} or later (${e.staleness.lagDays} days after a period ends)`
                : "no period is due yet"}
              {e.staleness.stale ? " — stale: it has not arrived" : ""}
            </td>
          </tr>
        </tbody>
      </table>
      {e.formula ? (
        <table className="usa-table usa-table--borderless usa-table--compact">
          <caption>Formula {e.formula.expression}: its inputs for the latest period</caption>
          <thead>
            <tr>
              <th scope="col">Input</th>
              <th scope="col" className="number">
                Value
              </th>
            </tr>
          </thead>
          <tbody>
            {e.formula.inputs.map((input, index) => (
              <tr key={`${input.code}-${index}`}>
                <th scope="row">{input.code || "A KPI outside your department"}</th>
                <td className="number">
                  {input.value === null ? "—" : formatNumber(input.value)}
                  {input.isAggregated ? " (aggregated)" : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {e.drivers.length > 0 ? (
        <table className="usa-table usa-table--borderless usa-table--compact">
          <caption>
            Drivers: their weighted health is {formatShare(e.driverHealth)}
            {e.divergent ? " — divergent: 0.3 or more from this KPI's own health" : ""}
          </caption>
          <thead>
            <tr>
              <th scope="col">Driver</th>
              <th scope="col" className="number">
                Weight
              </th>
              <th scope="col" className="number">
                Health
              </th>
              <th scope="col" className="number">
                Weighted share
              </th>
            </tr>
          </thead>
          <tbody>
            {e.drivers.map((driver, index) => (
              <tr key={`${driver.code}-${index}`}>
                <th scope="row">
                  {driver.code ? (driverNames.get(driver.code) ?? driver.code) : "A KPI outside your department"}
                </th>
                <td className="number">{formatWeight(driver.weight)}</td>
                <td className="number">{formatShare(driver.health)}</td>
                <td className="number">
                  {driver.share === null ? "not counted (no health)" : formatShare(driver.share)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <p>
        <strong>The arithmetic:</strong> <span className="explanation-sentence">{summarizeExplanation(e)}</span>
      </p>
    </section>
  );
}
