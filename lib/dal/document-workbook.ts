import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { writeWorkbook } from "@/lib/document/workbook";
import { exportDocument } from "./document-export";

// The agency's tree as a workbook (lib/document/workbook.ts), the same document GET /api/v1/export gives: the Data
// page's spreadsheet download, which imports back. The blank workbook keeps the agency, its plan and its departments
// (the codes the other sheets name) and leaves every other sheet with its header row only.

export async function exportWorkbook(
  principal: Principal | null | undefined,
  { isBlank = false }: { isBlank?: boolean } = {},
): Promise<{ bytes: Uint8Array; slug: string }> {
  const document = await exportDocument(principal);
  const content = isBlank ? { ...document, kpis: [], links: [], objectives: [], measurements: [] } : document;
  return { bytes: await writeWorkbook(content), slug: document.agency.slug ?? "" };
}
