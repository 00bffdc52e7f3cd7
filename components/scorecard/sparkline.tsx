import type { TrendPoint } from "@/lib/dal/scorecard-read";
import { DEFAULT_THRESHOLDS } from "@/lib/domain";

/** A small line of health over the last months (0 at the bottom, 100% at the top); described in words beside it. */
export function Sparkline({ points, label }: { points: readonly TrendPoint[]; label: string }) {
  const width = 120;
  const height = 32;
  const known = points.map((point, index) => ({ index, health: point.health })).filter((p) => p.health !== null);
  if (known.length < 2) return <span className="muted">Not enough history for a trend</span>;
  const step = width / Math.max(1, points.length - 1);
  const toY = (health: number) => height - 2 - health * (height - 4);
  const path = known
    .map((point, i) => `${i === 0 ? "M" : "L"}${(point.index * step).toFixed(1)},${toY(point.health!).toFixed(1)}`)
    .join("");
  const last = known[known.length - 1]!;
  // The guide line sits at the default on-track threshold: the agency's own thresholds are not passed down here.
  const guideY = toY(DEFAULT_THRESHOLDS.onTrack);
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={label}
    >
      <line x1={0} x2={width} y1={guideY} y2={guideY} stroke="#71767a" strokeDasharray="2 3" strokeWidth={1} />
      <path d={path} fill="none" stroke="currentColor" strokeWidth={2} />
      <circle cx={last.index * step} cy={toY(last.health!)} r={3} fill="currentColor" />
    </svg>
  );
}
