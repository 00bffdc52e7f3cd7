// The operator CLI (scripts/cli.ts), run as operators run it: a separate process against
// this run's database, judged by its exit status, its output and what it left in the database.
import { spawn } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, inject, test } from "vitest";
import { getPrisma } from "@/lib/db";
import { authenticateApiToken } from "@/lib/dal/admin-tokens";
import { authenticateWithPassword } from "@/lib/dal/sign-in";
import { createFixtureAgency, type Fixture } from "./support/fixtures";

const projectRoot = path.resolve(import.meta.dirname, "../..");
const tsx = path.join(projectRoot, "node_modules/.bin/tsx");

type Run = { code: number | null; stdout: string; stderr: string; lastLine: string };

/** Runs the CLI with these arguments; standard input is a pipe (not a terminal) unless told otherwise. */
function runCli(args: readonly string[], stdin = ""): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(tsx, ["--conditions=react-server", "scripts/cli.ts", ...args], {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const lines = stdout.trimEnd().split("\n");
      resolve({ code, stdout, stderr, lastLine: lines.at(-1) ?? "" });
    });
    child.stdin.end(stdin);
  });
}

let fixture: Fixture;
let counter = 0;
const unique = (name: string) => `${name}-${process.pid}-${Date.now().toString(36)}-${++counter}`;

beforeAll(async () => {
  fixture = await createFixtureAgency("CLI City");
});

describe("usage", () => {
  test("--help lists the three commands and exits 0", async () => {
    const run = await runCli(["--help"]);
    expect(run.code).toBe(0);
    for (const command of ["agency:create", "user:create", "token:create"]) expect(run.stdout).toContain(command);
  });

  test("a command's --help shows that command", async () => {
    const run = await runCli(["token:create", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("--scopes read,measurements:write,tree:write");
    expect(run.stdout).not.toContain("agency:create");
  });

  test.each([
    ["no command", [], ""],
    ["an unknown command", ["agency:delete"], "Unknown command agency:delete."],
    ["an unknown option", ["token:create", "--agency", "x", "--colour", "red"], "--colour"],
    ["a missing option", ["token:create", "--agency", "x", "--scopes", "read"], "--name is required."],
  ])("%s is bad usage: exit 2 with a message", async (_, args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain("Usage: npm run cli");
  });
});

describe("agency:create", () => {
  test("creates the agency and its admin, who can sign in; audits both as the cli", async () => {
    const slug = unique("county");
    const email = `${slug}@Example.gov`;
    const run = await runCli([
      "agency:create",
      "--name",
      "Example County",
      "--slug",
      slug,
      "--admin-email",
      email,
      "--admin-password",
      "correct horse battery",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split("\n")).toEqual([
      `Created agency ${slug} (Example County) with the admin ${email.toLowerCase()}.`,
      "They must choose a new password at first sign-in.",
    ]);
    const agency = await getPrisma().agency.findUniqueOrThrow({ where: { slug } });
    expect(agency.name).toBe("Example County");
    const admin = await getPrisma().user.findFirstOrThrow({ where: { email: email.toLowerCase() } });
    // The operator typed the password: the admin must replace it before anything else (lib/dal/operator.ts).
    expect(admin).toMatchObject({
      agencyId: agency.id,
      role: "ADMIN",
      isActive: true,
      departmentId: null,
      mustChangePassword: true,
    });
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    const outcome = await authenticateWithPassword({
      email,
      password: "correct horse battery",
      address: "198.51.100.1",
    });
    expect(outcome).toEqual({ ok: true, userId: admin.id });
    const events = await getPrisma().auditEvent.findMany({
      where: { agencyId: agency.id, actorLabel: "cli" },
      orderBy: { action: "asc" },
    });
    expect(events.map((event) => [event.action, event.entityCode, event.actorUserId])).toEqual([
      ["agency.create", slug, null],
      ["user.create", email.toLowerCase(), null],
    ]);
    expect(JSON.stringify(events)).not.toContain("correct horse battery");
  });

  test("without --admin-password, asks twice on the terminal without echoing the password", async () => {
    const slug = unique("prompted");
    const password = "typed at the prompt";
    // `script` (util-linux) gives the CLI a pseudo-terminal, as an operator's shell would.
    const command = `${tsx} --conditions=react-server scripts/cli.ts agency:create --name Prompted --slug ${slug} --admin-email ${slug}@example.gov`;
    const output = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      const child = spawn("script", ["-qefc", command, "/dev/null"], {
        cwd: projectRoot,
        env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
      });
      let text = "";
      let answered = 0;
      child.stdout.on("data", (chunk: Buffer) => {
        text += chunk.toString("utf8");
        // Answer each prompt only once it is shown: by then the terminal's echo is off.
        const prompts = (text.match(/Password for the new admin|The same password again/g) ?? []).length;
        if (prompts > answered) {
          answered = prompts;
          child.stdin.write(`${password}\r`);
        }
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ code, text }));
    });
    expect(output.code).toBe(0);
    expect(output.text).toContain(`Created agency ${slug} (Prompted)`);
    expect(output.text).not.toContain(password);
    const outcome = await authenticateWithPassword({ email: `${slug}@example.gov`, password, address: "198.51.100.4" });
    expect(outcome.ok).toBe(true);
  });

  test("without --admin-password and without a terminal to ask on, it refuses and creates nothing", async () => {
    const slug = unique("nopass");
    const run = await runCli([
      "agency:create",
      "--name",
      "No Password",
      "--slug",
      slug,
      "--admin-email",
      `${slug}@example.gov`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--admin-password is required when standard input is not a terminal");
    expect(await getPrisma().agency.findUnique({ where: { slug } })).toBeNull();
  });

  test.each([
    ["a short password", { "--admin-password": "short" }, "--admin-password: A password has at least 12 characters."],
    ["an invalid email", { "--admin-email": "not-an-email" }, "--admin-email: Enter a valid email address."],
    ["an invalid slug", { "--slug": "Bad Slug!" }, "--slug: Use lower-case letters"],
  ])("refuses %s: exit 2, the option named, nothing created", async (_, change, message) => {
    const slug = unique("bad");
    const options: Record<string, string> = {
      "--name": "Bad",
      "--slug": slug,
      "--admin-email": `${slug}@example.gov`,
      "--admin-password": "long enough password",
      ...change,
    };
    const run = await runCli(["agency:create", ...Object.entries(options).flat()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await getPrisma().agency.findUnique({ where: { slug } })).toBeNull();
  });

  test("refuses a slug that exists and changes nothing", async () => {
    const email = `${unique("dup")}@example.gov`;
    const run = await runCli([
      "agency:create",
      "--name",
      "Again",
      "--slug",
      fixture.slug,
      "--admin-email",
      email,
      "--admin-password",
      "long enough password",
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`An agency with the slug ${fixture.slug} exists already.`);
    expect(await getPrisma().user.findFirst({ where: { email } })).toBeNull();
    expect((await getPrisma().agency.findUniqueOrThrow({ where: { slug: fixture.slug } })).name).toBe("CLI City");
  });
});

describe("user:create", () => {
  test("without --password, prints a generated password once as the last line; it signs the user in", async () => {
    const email = `${unique("head")}@example.gov`;
    const run = await runCli([
      "user:create",
      "--agency",
      fixture.slug,
      "--email",
      email,
      "--role",
      "head",
      "--department",
      "PW",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Created the user ${email} (head, PW).`);
    expect(run.lastLine).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const user = await getPrisma().user.findFirstOrThrow({ where: { email } });
    expect(user).toMatchObject({
      agencyId: fixture.agencyId,
      role: "DEPARTMENT_HEAD",
      departmentId: fixture.departments.PW,
      mustChangePassword: true,
    });
    expect(user.passwordHash).not.toContain(run.lastLine);
    expect(await authenticateWithPassword({ email, password: run.lastLine, address: "198.51.100.2" })).toEqual({
      ok: true,
      userId: user.id,
    });
    const event = await getPrisma().auditEvent.findFirstOrThrow({
      where: { entityId: user.id, action: "user.create" },
    });
    expect(event).toMatchObject({ agencyId: fixture.agencyId, actorLabel: "cli" });
    expect(JSON.stringify(event)).not.toContain(run.lastLine);
  });

  test("with --password, uses it and prints no password", async () => {
    const email = `${unique("officer")}@example.gov`;
    const run = await runCli([
      "user:create",
      "--agency",
      fixture.slug,
      "--email",
      email,
      "--role",
      "officer",
      "--password",
      "a chosen password",
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      `Created the user ${email} (officer).`,
      "They must choose a new password at first sign-in.",
    ]);
    const user = await getPrisma().user.findFirstOrThrow({ where: { email } });
    expect(user).toMatchObject({ role: "PERFORMANCE_OFFICER", mustChangePassword: true });
    expect(
      await authenticateWithPassword({ email, password: "a chosen password", address: "198.51.100.3" }),
    ).toMatchObject({
      ok: true,
    });
  });

  test.each([
    ["a head without a department", ["--role", "head"], "--department: A department head needs a department."],
    [
      "an executive with a department",
      ["--role", "executive", "--department", "PW"],
      "--department: Only a department head",
    ],
    ["an unknown role", ["--role", "owner"], "--role must be one of admin, officer, head, executive."],
    ["an unknown department", ["--role", "head", "--department", "NOPE"], "Unknown department NOPE."],
  ])("refuses %s: exit 2 and no user", async (_, args, message) => {
    const email = `${unique("refused")}@example.gov`;
    const run = await runCli(["user:create", "--agency", fixture.slug, "--email", email, ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(await getPrisma().user.findFirst({ where: { email } })).toBeNull();
  });

  test("an unknown agency fails with exit 1", async () => {
    const run = await runCli([
      "user:create",
      "--agency",
      "no-such-agency",
      "--email",
      "x@example.gov",
      "--role",
      "admin",
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("There is no agency with the slug no-such-agency. Nothing was changed.");
  });
});

describe("token:create", () => {
  test("prints the token once as the last line; it authenticates with its agency, scopes and department", async () => {
    const run = await runCli([
      "token:create",
      "--agency",
      fixture.slug,
      "--name",
      "311 CRM feed",
      "--scopes",
      "measurements:write, read",
      "--department",
      "PLN",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.lastLine).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    expect(run.stdout.split(run.lastLine)).toHaveLength(2);
    const principal = await authenticateApiToken(run.lastLine);
    expect(principal).toMatchObject({
      kind: "token",
      agencyId: fixture.agencyId,
      scopes: ["read", "measurements:write"],
      departmentId: fixture.departments.PLN,
    });
    const row = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: principal!.tokenId } });
    expect(row).toMatchObject({ name: "311 CRM feed", createdById: null, prefix: run.lastLine.slice(0, 10) });
    expect(JSON.stringify(row)).not.toContain(run.lastLine);
    const event = await getPrisma().auditEvent.findFirstOrThrow({ where: { entityId: row.id } });
    expect(event).toMatchObject({ action: "apiToken.create", actorLabel: "cli", agencyId: fixture.agencyId });
    expect(JSON.stringify(event)).not.toContain(run.lastLine);
    // Without --expires-days, the default lifetime: 90 days.
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000)).toBe(90);
    expect(run.stdout).toContain(`valid until ${row.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
  });

  test("--expires-days sets the token's lifetime", async () => {
    const args = ["--agency", fixture.slug, "--name", "Short feed", "--scopes", "read", "--expires-days", "30"];
    const run = await runCli(["token:create", ...args]);
    expect(run.code).toBe(0);
    const principal = await authenticateApiToken(run.lastLine);
    const row = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: principal!.tokenId } });
    expect(Math.round((row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000)).toBe(30);
  });

  test.each([
    ["an unknown scope", ["--scopes", "read,admin"], "--scopes: Use read, measurements:write or tree:write."],
    ["no scope", ["--scopes", " , "], "--scopes: Choose at least one scope."],
    [
      "a lifetime over a year",
      ["--scopes", "read", "--expires-days", "366"],
      "--expires-days: A token lives at most 365 days.",
    ],
    [
      "a lifetime that is not a number",
      ["--scopes", "read", "--expires-days", "ninety"],
      "--expires-days: Enter a number of days",
    ],
  ])("refuses %s: exit 2 and no token", async (_, args, message) => {
    const before = await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } });
    const run = await runCli(["token:create", "--agency", fixture.slug, "--name", "Bad feed", ...args]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).not.toMatch(/tl_/);
    expect(await getPrisma().apiToken.count({ where: { agencyId: fixture.agencyId } })).toBe(before);
  });
});
