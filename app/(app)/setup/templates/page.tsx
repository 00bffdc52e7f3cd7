import type { Metadata } from "next";
import Link from "next/link";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { listStarterTemplates } from "@/lib/dal/templates";
import { requireTemplatePage } from "./page-access";

export const metadata: Metadata = { title: "Start from a template" };

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

export default async function TemplatesPage() {
  const principal = await requireTemplatePage("/setup/templates");
  const templates = await listStarterTemplates(principal);
  return (
    <div className="page">
      <Breadcrumbs
        trail={[{ label: "Home", href: "/" }, { label: "Driver tree", href: "/tree" }, { label: "Templates" }]}
      />
      <h1>Start from a template</h1>
      <p className="usa-intro">
        Starter trees for common local-government functions: an objective, its key results and the KPIs that drive it,
        input → process → outcome, with real measures and the public source of each. Choose one to see what it creates,
        untick what you do not need and map it to your departments.
      </p>
      <ul className="usa-card-group">
        {templates.map((template) => (
          <li key={template.id} className="usa-card tablet:grid-col-6 desktop:grid-col-4">
            <div className="usa-card__container">
              <div className="usa-card__header">
                <h2 className="usa-card__heading">{template.title}</h2>
              </div>
              <div className="usa-card__body">
                <p>{template.summary}</p>
                <p className="muted">
                  {plural(template.counts.objectives, "objective", "objectives")},{" "}
                  {plural(template.counts.keyResults, "key result", "key results")},{" "}
                  {plural(template.counts.kpis, "KPI", "KPIs")},{" "}
                  {plural(template.counts.links, "driver link", "driver links")}
                </p>
              </div>
              <div className="usa-card__footer">
                <Link
                  href={`/setup/templates/${encodeURIComponent(template.id)}`}
                  className="usa-button"
                  aria-label={`Preview ${template.title}`}
                >
                  Preview
                </Link>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
