// Attack (issue 13, item 2, first part): a document nesting objectives 10,000 deep through `children` used to
// overflow the checker's stack (a RangeError, so a 500). It must be refused with a 400 naming the problem, and
// change nothing.
import { describe, expect, test } from "vitest";
import { POST as importRoute } from "@/app/api/v1/import/route";
import { MAX_OBJECTIVE_NESTING } from "@/lib/document/check-document";
import { callApi, createEmptyAgency, createToken, expectApiError, specExampleDocument } from "./support/api";
import { snapshotAgency } from "./support/fixtures";

/** The document's JSON with one chain of objectives `depth` deep, written as text: JSON.stringify recurses too. */
function deeplyNestedDocument(depth: number): string {
  const document = { ...specExampleDocument(), objectives: [], links: [], measurements: [] };
  const objective = (index: number) =>
    `{"code":"DEEP.${index}","title":"Level ${index}","department":"PLN","keyResults":[]`;
  const chain =
    Array.from({ length: depth - 1 }, (_, index) => `${objective(index)},"children":[`).join("") +
    `${objective(depth - 1)}}` +
    "]}".repeat(depth - 1);
  return JSON.stringify(document).replace('"objectives":[]', `"objectives":[${chain}]`);
}

describe("import refuses what would exhaust the server", () => {
  test("a 10,000-deep children chain is a 400 naming the limit, never a 500; nothing changes", async () => {
    const agencyId = await createEmptyAgency();
    const token = await createToken(agencyId, ["tree:write"]);
    const before = await snapshotAgency(agencyId);
    const response = await callApi(importRoute, "/api/v1/import", {
      token,
      rawBody: deeplyNestedDocument(10_000),
      headers: { "content-type": "application/json" },
    });
    const details = expectApiError(response, 400, "invalid");
    expect(JSON.stringify(details)).toContain(`Objectives nest at most ${MAX_OBJECTIVE_NESTING} levels deep.`);
    expect(await snapshotAgency(agencyId)).toEqual(before);
  });

  test("nesting up to the limit is still a document like any other", async () => {
    const agencyId = await createEmptyAgency();
    const token = await createToken(agencyId, ["tree:write"]);
    const response = await callApi(importRoute, "/api/v1/import", {
      token,
      rawBody: deeplyNestedDocument(MAX_OBJECTIVE_NESTING),
      headers: { "content-type": "application/json" },
    });
    expect(response.status, response.text.slice(0, 500)).toBe(200);
  });
});
