"use client";

import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ChartData, ChartRow } from "./chart-data";
import { formatValue } from "@/components/format/numbers";

// The KPI's series with its target (per-period targets as steps) over the status bands.
// The chart is a picture: the measurements table below holds every number, and the figure's
// caption says what the picture shows.

const BAND_COLOURS = { off: "#f8dfe2", risk: "#fef0c8", on: "#e3f5e1" } as const;
const STATUS_WORDS: Record<string, string> = {
  ON_TRACK: "on track",
  AT_RISK: "at risk",
  OFF_TRACK: "off track",
  NO_TARGET: "no target",
  NO_DATA: "no data",
};

function ChartTooltip({
  active,
  payload,
  unit,
}: {
  active?: boolean;
  payload?: readonly { payload?: unknown }[];
  unit: string;
}) {
  const row = payload?.[0]?.payload as ChartRow | undefined;
  if (!active || !row) return null;
  return (
    <div className="usa-card__container" style={{ padding: "0.5rem", background: "#fff" }}>
      <strong>{row.longLabel}</strong>
      <div>Value: {formatValue(row.value, unit)}</div>
      <div>Target: {formatValue(row.target, unit)}</div>
      {row.status ? <div>Status: {STATUS_WORDS[row.status]}</div> : null}
    </div>
  );
}

export function KpiChart({ data, unit, label }: { data: ChartData; unit: string; label: string }) {
  const band = (key: keyof ChartRow, colour: string) => (
    <Area
      dataKey={key}
      type="stepAfter"
      stroke="none"
      fill={colour}
      fillOpacity={1}
      isAnimationActive={false}
      activeDot={false}
      legendType="none"
      tooltipType="none"
    />
  );
  return (
    <div className="chart" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%" minHeight={200}>
        <ComposedChart data={data.rows} margin={{ top: 10, right: 16, bottom: 10, left: 8 }} accessibilityLayer={false}>
          {band("offLow", BAND_COLOURS.off)}
          {band("riskLow", BAND_COLOURS.risk)}
          {band("onTrack", BAND_COLOURS.on)}
          {band("riskHigh", BAND_COLOURS.risk)}
          {band("offHigh", BAND_COLOURS.off)}
          <CartesianGrid stroke="#dfe1e2" strokeDasharray="3 3" />
          <XAxis dataKey="label" tick={{ fill: "#1b1b1b", fontSize: 12 }} interval="preserveStartEnd" />
          <YAxis
            domain={data.domain}
            allowDataOverflow
            tick={{ fill: "#1b1b1b", fontSize: 12 }}
            tickFormatter={(value: number) => formatValue(value, unit === "USD" ? "USD" : "")}
            width={72}
          />
          <Tooltip content={(props) => <ChartTooltip active={props.active} payload={props.payload} unit={unit} />} />
          <Line
            dataKey="target"
            name="Target"
            type="stepAfter"
            stroke="#1b1b1b"
            strokeWidth={2}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
            connectNulls
          />
          <Line
            dataKey="value"
            name="Value"
            type="linear"
            stroke="#005ea2"
            strokeWidth={2.5}
            dot={{ r: 3, fill: "#005ea2" }}
            isAnimationActive={false}
            connectNulls={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
