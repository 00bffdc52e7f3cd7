import { formatValue } from "@/components/format/numbers";
import { formatPeriodShort } from "@/components/format/periods";
import type { PublicSeriesPoint } from "@/lib/dal/public-read";

// A KPI's series drawn on the server as plain SVG: it needs no JavaScript, so the public
// pages show it to every resident's browser, and the numbers beside it in a table are what
// a screen reader or a browser without CSS reads.

const WIDTH = 640;
const HEIGHT = 220;
const PADDING = { top: 16, right: 16, bottom: 28, left: 56 };

function scale(value: number, fromMin: number, fromMax: number, toMin: number, toMax: number) {
  if (fromMax === fromMin) return (toMin + toMax) / 2;
  return toMin + ((value - fromMin) / (fromMax - fromMin)) * (toMax - toMin);
}

export function SeriesChart({
  series,
  unit,
  name,
  fiscalYearStartMonth,
  compact = false,
}: {
  series: PublicSeriesPoint[];
  unit: string;
  name: string;
  fiscalYearStartMonth: number;
  compact?: boolean;
}) {
  if (series.length === 0) return <p className="public-chart__empty">No data has been published yet.</p>;
  const values = series.flatMap((point) => (point.target === null ? [point.value] : [point.value, point.target]));
  const min = Math.min(...values);
  const max = Math.max(...values);
  const height = compact ? 120 : HEIGHT;
  const x = (index: number) => scale(index, 0, Math.max(1, series.length - 1), PADDING.left, WIDTH - PADDING.right);
  const y = (value: number) => scale(value, min, max, height - PADDING.bottom, PADDING.top);
  const valueLine = series
    .map((point, index) => `${index === 0 ? "M" : "L"}${x(index).toFixed(1)},${y(point.value).toFixed(1)}`)
    .join(" ");
  const targetLine = series
    .map((point, index) => (point.target === null ? null : `${x(index).toFixed(1)},${y(point.target).toFixed(1)}`))
    .filter((point): point is string => point !== null);
  const first = series[0]!;
  const last = series[series.length - 1]!;
  const summary = `${name}: from ${formatValue(first.value, unit)} in ${formatPeriodShort(first.period, fiscalYearStartMonth)} to ${formatValue(last.value, unit)} in ${formatPeriodShort(last.period, fiscalYearStartMonth)}${last.target === null ? "" : `, against a target of ${formatValue(last.target, unit)}`}.`;
  return (
    <figure className={`public-chart${compact ? " public-chart--compact" : ""}`}>
      <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={summary} className="public-chart__svg">
        <line
          x1={PADDING.left}
          x2={WIDTH - PADDING.right}
          y1={height - PADDING.bottom}
          y2={height - PADDING.bottom}
          className="public-chart__axis"
        />
        <text x={PADDING.left - 8} y={y(max) + 4} textAnchor="end" className="public-chart__label">
          {formatValue(max, unit)}
        </text>
        <text x={PADDING.left - 8} y={y(min) + 4} textAnchor="end" className="public-chart__label">
          {formatValue(min, unit)}
        </text>
        <text x={PADDING.left} y={height - 8} className="public-chart__label">
          {formatPeriodShort(first.period, fiscalYearStartMonth)}
        </text>
        <text x={WIDTH - PADDING.right} y={height - 8} textAnchor="end" className="public-chart__label">
          {formatPeriodShort(last.period, fiscalYearStartMonth)}
        </text>
        {targetLine.length > 1 ? <polyline points={targetLine.join(" ")} className="public-chart__target" /> : null}
        <path d={valueLine} className="public-chart__value" />
        {series.map((point, index) => (
          <circle
            key={point.period}
            cx={x(index)}
            cy={y(point.value)}
            r={compact ? 2.5 : 3.5}
            className="public-chart__point"
          />
        ))}
      </svg>
      <figcaption className="public-chart__legend">
        <span className="public-chart__key public-chart__key--value">Actual</span>
        {targetLine.length > 1 ? <span className="public-chart__key public-chart__key--target">Target</span> : null}
      </figcaption>
    </figure>
  );
}

export function SeriesTable({
  series,
  unit,
  caption,
  fiscalYearStartMonth,
}: {
  series: PublicSeriesPoint[];
  unit: string;
  caption: string;
  fiscalYearStartMonth: number;
}) {
  return (
    <table className="usa-table usa-table--compact public-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Period</th>
          <th scope="col">Value</th>
          <th scope="col">Target</th>
        </tr>
      </thead>
      <tbody>
        {[...series].reverse().map((point) => (
          <tr key={point.period}>
            <th scope="row">{formatPeriodShort(point.period, fiscalYearStartMonth)}</th>
            <td>{formatValue(point.value, unit)}</td>
            <td>{formatValue(point.target, unit)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A trend line small enough for a table row: one path, no labels. It repeats numbers the
 * row states in words, so it is hidden from screen readers.
 */
export function Sparkline({ series }: { series: PublicSeriesPoint[] }) {
  if (series.length < 2) return null;
  const width = 120;
  const height = 28;
  const values = series.map((point) => point.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const d = series
    .map((point, index) => {
      const x = scale(index, 0, series.length - 1, 2, width - 2);
      const y = scale(point.value, min, max, height - 3, 3);
      return `${index === 0 ? "M" : "L"}${x.toFixed(0)},${y.toFixed(0)}`;
    })
    .join("");
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      aria-hidden="true"
      focusable="false"
      className="public-sparkline"
    >
      <path d={d} />
    </svg>
  );
}
