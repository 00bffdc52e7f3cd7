// The operator CLI, for first installs and operations without the demo seed:
//   npm run cli -- <command> [options]      (npm run cli -- --help)
// Runs under tsx --conditions=react-server with DATABASE_URL set (scripts/with-database.mjs).
// Secrets (a generated password, a new API token) are printed once, as the last line of
// standard output, so that a script can capture them with `tail -n 1`.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import type { Role, TokenScope } from "../lib/auth/permissions";
import { createAgencyWithAdmin, createApiTokenAsOperator, createUserAsOperator } from "../lib/dal/operator";
import { isExpectedError, ValidationError } from "../lib/errors";

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

const ROLE_NAMES: Record<string, Role> = {
  admin: "ADMIN",
  officer: "PERFORMANCE_OFFICER",
  head: "DEPARTMENT_HEAD",
  executive: "EXECUTIVE",
};

const COMMANDS = {
  "agency:create": {
    usage:
      'agency:create --name "City of Riverton" --slug riverton --admin-email admin@riverton.gov [--admin-name "…"] [--admin-password …]',
    about:
      "Creates an agency and its first admin. Without --admin-password, asks for the password on the terminal (not echoed). The admin must choose a new password at first sign-in.",
    options: {
      name: { type: "string" },
      slug: { type: "string" },
      "admin-email": { type: "string" },
      "admin-name": { type: "string" },
      "admin-password": { type: "string" },
    },
  },
  "user:create": {
    usage:
      "user:create --agency riverton --email someone@riverton.gov --role admin|officer|head|executive [--department CODE] [--name …] [--password …]",
    about:
      "Creates a user. A department head needs --department; other roles take none. Without --password, one is generated and printed once, as the last line. The user must choose a new password at first sign-in.",
    options: {
      agency: { type: "string" },
      email: { type: "string" },
      name: { type: "string" },
      role: { type: "string" },
      department: { type: "string" },
      password: { type: "string" },
    },
  },
  "token:create": {
    usage:
      'token:create --agency riverton --name "311 CRM feed" --scopes read,measurements:write,tree:write [--department CODE] [--expires-days 90]',
    about:
      "Creates an API token with these scopes (at least one), limited to a department's branch when given, valid for --expires-days days (1 to 365; 90 when not given). Prints the token once, as the last line.",
    options: {
      agency: { type: "string" },
      name: { type: "string" },
      scopes: { type: "string" },
      department: { type: "string" },
      "expires-days": { type: "string" },
    },
  },
} as const;

type CommandName = keyof typeof COMMANDS;

// Field names of the shared schemas → the options that set them, for error messages.
const OPTION_OF_FIELD: Record<string, string> = {
  adminEmail: "--admin-email",
  adminName: "--admin-name",
  expiresInDays: "--expires-days",
  adminPassword: "--admin-password",
};

class UsageError extends Error {}

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(COMMANDS, name);
}

function helpText(command?: CommandName): string {
  const lines = ["Usage: npm run cli -- <command> [options]", ""];
  const shown = command ? [command] : (Object.keys(COMMANDS) as CommandName[]);
  for (const name of shown) lines.push(`  ${COMMANDS[name].usage}`, `      ${COMMANDS[name].about}`, "");
  lines.push(
    "Options: --help shows this text. Exit status: 0 done; 1 refused or failed; 2 bad usage or invalid input. A refusal changes nothing.",
  );
  return lines.join("\n");
}

function requireOption(values: Record<string, string | undefined>, option: string): string {
  const value = values[option];
  if (value === undefined || value.trim() === "") throw new UsageError(`--${option} is required.`);
  return value;
}

/** Reads a line from the terminal without echoing it. */
async function readHidden(prompt: string): Promise<string> {
  const stdin = process.stdin;
  // Echo goes off before the prompt shows, so nothing typed in answer to it is ever echoed.
  stdin.setRawMode(true);
  process.stderr.write(prompt);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = "";
    const finish = (outcome: () => void) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write("\n");
      outcome();
    };
    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === "\r" || character === "\n" || character === "\u0004") {
          finish(() => resolve(value));
          return;
        }
        if (character === "\u0003") {
          finish(() => reject(new UsageError("Cancelled; nothing was changed.")));
          return;
        }
        if (character === "\u007f" || character === "\b") value = value.slice(0, -1);
        else if (character >= " ") value += character;
      }
    };
    stdin.on("data", onData);
  });
}

async function promptNewPassword(): Promise<string> {
  // Echo is off: the password never appears on screen, in the scrollback or in the shell history.
  if (!process.stdin.isTTY || typeof process.stdin.setRawMode !== "function") {
    throw new UsageError(
      "--admin-password is required when standard input is not a terminal (the password cannot be asked for).",
    );
  }
  const password = await readHidden("Password for the new admin (at least 12 characters): ");
  const again = await readHidden("The same password again: ");
  if (password !== again) throw new UsageError("The two passwords differ; nothing was changed.");
  return password;
}

async function run(command: CommandName, values: Record<string, string | undefined>): Promise<string[]> {
  switch (command) {
    case "agency:create": {
      const input = {
        name: requireOption(values, "name"),
        slug: requireOption(values, "slug"),
        adminEmail: requireOption(values, "admin-email"),
        adminName: values["admin-name"],
      };
      const adminPassword = values["admin-password"] ?? (await promptNewPassword());
      const { agency, admin } = await createAgencyWithAdmin({ ...input, adminPassword });
      return [
        `Created agency ${agency.slug} (${agency.name}) with the admin ${admin.email}.`,
        "They must choose a new password at first sign-in.",
      ];
    }
    case "user:create": {
      const roleName = requireOption(values, "role").trim().toLowerCase();
      const role = ROLE_NAMES[roleName];
      if (!role) throw new UsageError(`--role must be one of ${Object.keys(ROLE_NAMES).join(", ")}.`);
      const { user, generatedPassword } = await createUserAsOperator({
        agency: requireOption(values, "agency"),
        email: requireOption(values, "email"),
        name: values.name,
        role,
        department: values.department ?? null,
        password: values.password,
      });
      const lines = [
        `Created the user ${user.email} (${roleName}${user.department ? `, ${user.department}` : ""}).`,
        "They must choose a new password at first sign-in.",
      ];
      if (generatedPassword) lines.push("Their password follows, shown once: copy it now.", generatedPassword);
      return lines;
    }
    case "token:create": {
      const scopes = requireOption(values, "scopes")
        .split(",")
        .map((scope) => scope.trim())
        .filter((scope) => scope !== "");
      const { token, secret } = await createApiTokenAsOperator({
        agency: requireOption(values, "agency"),
        name: requireOption(values, "name"),
        scopes: scopes as TokenScope[],
        department: values.department ?? null,
        // Number("") and Number("ninety") are not whole numbers of days: the schema refuses them by name.
        expiresInDays: values["expires-days"] === undefined ? undefined : Number(values["expires-days"]),
      });
      return [
        `Created the API token ${token.name} (${token.prefix}…) with scopes ${token.scopes.join(", ")}` +
          `${token.department ? `, limited to ${token.department}` : ""}, valid until ${token.expiresAt.slice(0, 16).replace("T", " ")} UTC.`,
        "The token follows, shown once: copy it now.",
        secret,
      ];
    }
  }
}

function describeFieldErrors(error: ValidationError): string[] {
  return Object.entries(error.fieldErrors).map(([field, messages]) => {
    const option = OPTION_OF_FIELD[field] ?? `--${field.split(".")[0]}`;
    return `  ${option}: ${messages.join(" ")}`;
  });
}

async function main(argv: readonly string[]): Promise<number> {
  const commandName = argv[0];
  if (commandName === undefined) {
    process.stderr.write(`${helpText()}\n`);
    return EXIT_USAGE;
  }
  if (commandName === "--help" || commandName === "-h" || commandName === "help") {
    process.stdout.write(`${helpText()}\n`);
    return EXIT_OK;
  }
  if (!isCommand(commandName)) {
    process.stderr.write(`Unknown command ${commandName}.\n\n${helpText()}\n`);
    return EXIT_USAGE;
  }
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(1),
      options: { ...COMMANDS[commandName].options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
    if (values.help) {
      process.stdout.write(`${helpText(commandName)}\n`);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new UsageError(`Unexpected argument ${positionals[0]}.`);
    const { help: _help, ...options } = values as Record<string, string | boolean | undefined>;
    const stringOptions = Object.fromEntries(
      Object.entries(options).map(([key, value]) => [key, typeof value === "string" ? value : undefined]),
    );
    const lines = await run(commandName, stringOptions);
    process.stdout.write(`${lines.join("\n")}\n`);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error)) {
      // parseArgs reports unknown options and missing values as TypeErrors with a code.
      process.stderr.write(`${error.message}\n\n${helpText(commandName)}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof ValidationError) {
      process.stderr.write(`${[error.message, ...describeFieldErrors(error)].join("\n")}\n`);
      return EXIT_USAGE;
    }
    if (isExpectedError(error)) {
      process.stderr.write(`${error.message} Nothing was changed.\n`);
      return EXIT_FAILED;
    }
    const errorId = randomUUID().slice(0, 8);
    process.stderr.write(`Something went wrong (error ${errorId}). Nothing was changed.\n`);
    // For the operator's diagnosis (an unreachable database, a missing migration): the error itself, on one line.
    console.error(
      `[cli] error ${errorId}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    );
    return EXIT_FAILED;
  }
}

const exitCode = await main(process.argv.slice(2));
// Flush what was written, then exit (the database pool would otherwise keep the process alive).
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
process.exit(exitCode);
