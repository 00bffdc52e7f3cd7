import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Breadcrumbs } from "@/components/shell/breadcrumbs";
import { TemplateBuilder } from "@/components/templates/template-builder";
import { getStarterTemplate } from "@/lib/dal/templates";
import { findStarterTemplate } from "@/lib/document/template-library";
import { NotFoundError } from "@/lib/errors";
import { createFromTemplateAction, previewTemplateAction } from "../actions";
import { requireTemplatePage } from "../page-access";

type Params = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { id } = await params;
  return { title: `${findStarterTemplate(id)?.title ?? "Template"} template` };
}

export default async function TemplatePage({ params }: Params) {
  const { id } = await params;
  const principal = await requireTemplatePage(`/setup/templates/${encodeURIComponent(id)}`);
  const start = await getStarterTemplate(principal, id).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  return (
    <div className="page">
      <Breadcrumbs
        trail={[
          { label: "Home", href: "/" },
          { label: "Templates", href: "/setup/templates" },
          { label: start.template.title },
        ]}
      />
      <h1>{start.template.title}</h1>
      <p className="usa-intro">{start.template.summary}</p>
      <TemplateBuilder start={start} previewAction={previewTemplateAction} createAction={createFromTemplateAction} />
    </div>
  );
}
