import { apiHandler } from "@/lib/api/http";
import { getTodayUtc } from "@/lib/clock";
import { exportWorkbook } from "@/lib/dal/document-workbook";

// GET /data/workbook: the whole tree as an .xlsx workbook (the drivertree/v1 document, one sheet per kind), which the
// import page takes back; ?blank=1 for the blank workbook (headers, the README, the agency, plan and departments).

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export const GET = apiHandler(async ({ request, principal }) => {
  const isBlank = new URL(request.url).searchParams.get("blank") === "1";
  const { bytes, slug } = await exportWorkbook(principal, { isBlank });
  const fileName = `${slug || "agency"}-${isBlank ? "blank-workbook" : `drivertree-${getTodayUtc()}`}.xlsx`;
  return new Response(bytes as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
      "Cache-Control": "no-store",
    },
  });
});
