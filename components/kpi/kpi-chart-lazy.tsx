"use client";

import dynamic from "next/dynamic";

// recharts is the heaviest script of the app: the chart is fetched after the page is shown,
// so the KPI page's numbers, explanation and forms do not wait for it.
export const KpiChartLazy = dynamic(() => import("./kpi-chart").then((module) => module.KpiChart), {
  ssr: false,
  loading: () => (
    <p className="chart loading-state" role="status">
      Drawing the chart…
    </p>
  ),
});
