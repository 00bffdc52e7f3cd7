import Link from "next/link";
import type { NextStep } from "@/lib/dal/plans";

const STEPS: Record<NextStep["key"], { label: string; href: string; hint: string }> = {
  objectives: {
    label: "Add objectives",
    href: "/tree#add-objective",
    hint: "What the agency promises the public; nest objectives under one another.",
  },
  kpis: { label: "Add KPIs", href: "/kpis/new", hint: "The input, process and outcome measures." },
  keyResults: {
    label: "Add key results that track KPIs",
    href: "/tree",
    hint: "Open an objective in the tree and add a key result.",
  },
  links: { label: "Link drivers", href: "/kpis", hint: "Open a KPI and add the KPIs that drive it." },
  targets: { label: "Set targets", href: "/kpis", hint: "A default target on a KPI, or one per period." },
  data: { label: "Enter data", href: "/data", hint: "Upload measurements, or enter them on a KPI's page." },
  publish: { label: "Publish", href: "/publishing", hint: "Choose what residents see on the public pages." },
};

/** What a new tree still lacks, each ticked once the tree has it; gone when all are done. */
export function NextSteps({ steps }: { steps: readonly NextStep[] }) {
  const done = steps.filter((step) => step.isDone).length;
  if (done === steps.length) return null;
  return (
    <section aria-labelledby="next-steps-title" className="usa-summary-box margin-bottom-2">
      <div className="usa-summary-box__body">
        <h2 id="next-steps-title" className="usa-summary-box__heading">
          Next steps
        </h2>
        <p>
          {done} of {steps.length} done.
        </p>
        <ol className="usa-list">
          {steps.map((step) => {
            const { label, href, hint } = STEPS[step.key];
            return (
              <li key={step.key} data-step={step.key}>
                <span className={`usa-tag${step.isDone ? " bg-green" : " bg-base-dark"}`}>
                  {step.isDone ? "Done" : "To do"}
                </span>{" "}
                <Link href={href}>{label}</Link> — {hint}
              </li>
            );
          })}
        </ol>
      </div>
    </section>
  );
}
