// The library of starter trees: templates/<id>.json, each a drivertree/v1 document with a small header (id, title,
// summary, the function's departments). Templates are data in the repository, checked at load by the same document
// checker as an import (lib/document/check-document.ts), so a template that an import would refuse never loads.

import codeEnforcement from "@/templates/code-enforcement.json";
import customerService311 from "@/templates/customer-service-311.json";
import finance from "@/templates/finance.json";
import fireEms from "@/templates/fire-ems.json";
import libraries from "@/templates/libraries.json";
import parksRecreation from "@/templates/parks-recreation.json";
import permitsInspections from "@/templates/permits-inspections.json";
import police from "@/templates/police.json";
import streetsTransportation from "@/templates/streets-transportation.json";
import { starterTemplateSchema, type StarterTemplateFile } from "@/lib/validation/templates";
import { checkDocument, type CheckedDocument } from "./check-document";

/** In the order the library shows them. */
export const TEMPLATE_FILES: readonly unknown[] = [
  permitsInspections,
  customerService311,
  police,
  fireEms,
  parksRecreation,
  libraries,
  streetsTransportation,
  codeEnforcement,
  finance,
];

export type StarterTemplate = Omit<StarterTemplateFile, "document"> & {
  /** The document as an import would read it: defaults filled in, objectives flat, key results beside them. */
  document: CheckedDocument;
};

/** Reads a template file: its header's shape, then its document through the import's checker. */
export function readStarterTemplate(
  raw: unknown,
): { ok: true; template: StarterTemplate } | { ok: false; problems: string[] } {
  const header = starterTemplateSchema.safeParse(raw);
  if (!header.success) return { ok: false, problems: header.error.issues.map((issue) => issue.message) };
  const check = checkDocument(header.data.document);
  if (!check.ok) return { ok: false, problems: check.problems.map((problem) => `${problem.path}: ${problem.message}`) };
  return { ok: true, template: { ...header.data, document: check.document } };
}

let loaded: readonly StarterTemplate[] | null = null;

export function listStarterTemplateFiles(): readonly StarterTemplate[] {
  loaded ??= TEMPLATE_FILES.map((raw, index) => {
    const read = readStarterTemplate(raw);
    // The unit tests check every file; a broken one is a bug in the repository, not user input.
    if (!read.ok) throw new Error(`Template ${index} is invalid: ${read.problems.join("; ")}`);
    return read.template;
  });
  return loaded;
}

export function findStarterTemplate(id: string): StarterTemplate | null {
  return listStarterTemplateFiles().find((template) => template.id === id) ?? null;
}
