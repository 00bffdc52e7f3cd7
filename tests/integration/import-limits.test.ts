// Attack (issue 13, item 2, first part): a document nesting objectives 10,000 deep through `children` used to
// overflow the checker's stack (a RangeError, so a 500). It must be refused with a 400 naming the problem, and
// change nothing.
import { describe, expect, test } from "vitest";
import { GET as healthRoute } from "@/app/api/v1/health/route";
import { POST as importRoute } from "@/app/api/v1/import/route";
import type { Principal } from "@/lib/auth/permissions";
import { getPrisma } from "@/lib/db";
import { importDocument, type ImportStage } from "@/lib/dal/document-import";
import { MAX_OBJECTIVE_NESTING } from "@/lib/document/check-document";
import { InvalidDocumentError } from "@/lib/document/errors";
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

/** 20,000 departments in two-cycles: 10,000 pairs, each naming the other as its parent. */
function twoCycleDocument() {
  const departments = Array.from({ length: 20_000 }, (_, i) => ({
    code: `D${i}`,
    name: `Department ${i}`,
    parent: `D${i % 2 === 0 ? i + 1 : i - 1}`,
  }));
  return { ...specExampleDocument(), departments, kpis: [], links: [], objectives: [], measurements: [] };
}

/** Holds the agency's row lock, as any write of the agency does, until `release` is called. */
async function holdAgencyLock(agencyId: string) {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  let isLocked: () => void = () => undefined;
  const locked = new Promise<void>((resolve) => (isLocked = resolve));
  const holder = getPrisma().$transaction(
    async (db) => {
      await db.$queryRaw`SELECT id FROM "Agency" WHERE id = ${agencyId}::uuid FOR UPDATE`;
      isLocked();
      await released;
    },
    { timeout: 120_000 },
  );
  await locked;
  return {
    release: async () => {
      release();
      await holder;
    },
  };
}

// Attack (issue 13, item 2): a document of N departments in two-cycles took time quadratic in N to check (11.7 s at
// N = 8,000), under the agency's lock, so every write and health read of the agency waited behind it. Its cycles are
// now found in one linear pass, and a refused document never takes the lock.
describe("a document of 20,000 departments in two-cycles", () => {
  test("is refused with a 400 naming the cycles, while another write holds the agency's lock; health answers; nothing changes", async () => {
    const agencyId = await createEmptyAgency();
    const importer = await createToken(agencyId, ["tree:write"]);
    const reader = await createToken(agencyId, ["read"]);
    const before = await snapshotAgency(agencyId);
    // Were the import to take the lock before refusing, it would wait for this holder, which is released only
    // after the import has answered: the test would time out instead of passing.
    const lock = await holdAgencyLock(agencyId);
    try {
      const [imported, health] = await Promise.all([
        callApi(importRoute, "/api/v1/import", { token: importer, body: twoCycleDocument() }),
        callApi(healthRoute, "/api/v1/health", { token: reader }),
      ]);
      const details = expectApiError(imported, 400, "invalid") as { path: string; message: string }[];
      expect(details).toHaveLength(10_000);
      expect(details[0]).toEqual({
        path: "departments[1].parent",
        message: "Departments cannot be their own parents: D0 → D1 → D0 (each the child of the next) is a cycle.",
      });
      expect(details[9_999]?.message).toContain("D19998 → D19999 → D19998");
      expect(health.status).toBe(200);
    } finally {
      await lock.release();
    }
    expect(await snapshotAgency(agencyId)).toEqual(before);
  }, 60_000);

  test("never reaches the stage of waiting for the lock; a valid document does", async () => {
    const agencyId = await createEmptyAgency();
    const caller: Principal = {
      kind: "token",
      tokenId: "00000000-0000-4000-9000-000000000001",
      agencyId,
      scopes: ["tree:write"],
      departmentId: null,
      label: "token tree:write",
    };
    const stages: ImportStage[] = [];
    const refused = importDocument(caller, twoCycleDocument(), undefined, {
      onStage: (stage) => void stages.push(stage),
    });
    await expect(refused).rejects.toBeInstanceOf(InvalidDocumentError);
    expect(stages).toEqual(["checking"]);

    stages.length = 0;
    await importDocument(caller, specExampleDocument(), undefined, { onStage: (stage) => void stages.push(stage) });
    expect(stages.slice(0, 3)).toEqual(["checking", "locking", "writing"]);
  }, 60_000);
});
