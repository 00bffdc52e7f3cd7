#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary.
//
// Why: Prisma 7's CLI (`generate`, `migrate`, `db`) downloads a native schema engine from
// Prisma's CDN on first use. Air-gapped networks (ours, and many government ones) cannot
// reach it, and no npm package ships that binary. The same engine is published on npm as
// WebAssembly (`@prisma/schema-engine-wasm`); this script speaks the native binary's
// command line and JSON-RPC protocol on stdin/stdout and delegates to the Wasm engine,
// which reaches Postgres through the `@prisma/adapter-pg` driver adapter.
//
// prisma.config.ts points Prisma at this file through PRISMA_SCHEMA_ENGINE_BINARY.
// Set SCHEMA_ENGINE_SHIM_LOG=<file> to trace every request and response.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";
import { randomUUID } from "node:crypto";
import pg from "pg";

const traceFile = process.env.SCHEMA_ENGINE_SHIM_LOG;
function trace(...parts) {
  if (!traceFile) return;
  const line = parts.map((p) => (typeof p === "string" ? p : JSON.stringify(p))).join(" ");
  fs.appendFileSync(traceFile, `${new Date().toISOString()} ${line}\n`);
}

// ---------------------------------------------------------------------------------------
// Command line: schema-engine --datamodels <file>... --datasource <json> [cli <command>]
// ---------------------------------------------------------------------------------------
function parseArguments(argv) {
  const parsed = { datamodelPaths: [], datasource: {}, cliCommand: null, wantsVersion: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") parsed.wantsVersion = true;
    else if (arg === "--datamodels") parsed.datamodelPaths.push(argv[++i]);
    else if (arg === "--datasource") parsed.datasource = JSON.parse(argv[++i]);
    else if (arg === "cli") parsed.cliCommand = argv[++i];
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++; // value unused
  }
  return parsed;
}

const args = parseArguments(process.argv.slice(2));
trace("argv", process.argv.slice(2));
if (args.wantsVersion) {
  console.log("schema-engine-wasm-shim (throughline)");
  process.exit(0);
}

// The Prisma CLI reads engine errors from stderr as JSON log lines. For `cli` commands it
// drops the first stderr line, so an informational line always leads.
function reportError(message, errorCode) {
  const now = new Date().toISOString();
  const line = (level, fields) => JSON.stringify({ timestamp: now, level, target: "schema_engine::logger", fields });
  process.stderr.write(line("INFO", { message: "schema-engine-wasm shim" }) + "\n");
  process.stderr.write(line("ERROR", { message, error_code: errorCode }) + "\n");
}

// Discrete connection fields rather than a connection string: pg lets a connection string
// override `database`, and the shadow database below must be a different database.
function connectionFieldsFrom(url) {
  if (!url) throw Object.assign(new Error("No database URL: set DATABASE_URL."), { code: "P1012" });
  let parsedUrl;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw Object.assign(new Error(`The database URL is not a valid URL: ${redact(url)}`), {
      code: "P1013",
    });
  }
  if (!/^postgres(ql)?:$/.test(parsedUrl.protocol)) {
    throw Object.assign(new Error(`The database URL must start with postgresql:// (got ${parsedUrl.protocol}//)`), {
      code: "P1013",
    });
  }
  const fields = {
    host: parsedUrl.searchParams.get("host") || decodeURIComponent(parsedUrl.hostname) || "localhost",
    port: parsedUrl.port ? Number(parsedUrl.port) : 5432,
    user: decodeURIComponent(parsedUrl.username || "postgres"),
    password: decodeURIComponent(parsedUrl.password || ""),
    database: decodeURIComponent(parsedUrl.pathname.slice(1)) || "postgres",
    connectionTimeoutMillis: 5000,
  };
  const sslmode = parsedUrl.searchParams.get("sslmode");
  if (sslmode && sslmode !== "disable") fields.ssl = { rejectUnauthorized: sslmode === "verify-full" };
  return { fields, schema: parsedUrl.searchParams.get("schema") ?? undefined };
}

function redact(url) {
  return String(url).replace(/\/\/([^:@/]*):[^@/]*@/, "//$1:***@");
}

const quoteIdentifier = (name) => `"${String(name).replace(/"/g, '""')}"`;

// Postgres error codes and network failures → the Prisma error codes the CLI explains.
function prismaCodeFor(error) {
  if (error?.code === "3D000") return "P1003"; // database does not exist
  if (error?.code === "28P01" || error?.code === "28000") return "P1000"; // authentication
  if (["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ETIMEDOUT"].includes(error?.code)) return "P1001";
  if (/timeout/i.test(String(error?.message))) return "P1001";
  if (typeof error?.code === "string" && error.code.startsWith("P")) return error.code;
  return "P1000";
}

function describeConnectionError(error, fields) {
  const where = fields ? `${fields.host}:${fields.port}` : "the database server";
  if (prismaCodeFor(error) === "P1001")
    return `Can't reach database server at ${where}: ${error.message || error.code}`;
  return error.message || String(error.code ?? error);
}

async function withAdminClient(fields, work) {
  const client = new pg.Client({ ...fields, database: "postgres" });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function createDatabaseIfMissing(fields) {
  await withAdminClient(fields, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(fields.database)}`);
    } catch (error) {
      if (error.code !== "42P04") throw error; // 42P04: already exists
    }
  });
}

// ---------------------------------------------------------------------------------------
// One-shot commands (`migrate dev` uses them to check for and create the database)
// ---------------------------------------------------------------------------------------
async function runCliCommand(command) {
  let fields;
  try {
    ({ fields } = connectionFieldsFrom(args.datasource.url ?? process.env.DATABASE_URL));
    if (command === "can-connect-to-database") {
      const client = new pg.Client(fields);
      await client.connect();
      await client.end();
    } else if (command === "create-database") {
      await createDatabaseIfMissing(fields);
      console.log(JSON.stringify({ database_name: fields.database }));
    } else if (command === "drop-database") {
      await withAdminClient(fields, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(fields.database)} WITH (FORCE)`),
      );
    } else {
      throw Object.assign(new Error(`Unsupported command: cli ${command}`), { code: "P1012" });
    }
    process.exit(0);
  } catch (error) {
    reportError(describeConnectionError(error, fields), prismaCodeFor(error));
    process.exit(1);
  }
}

if (args.cliCommand) await runCliCommand(args.cliCommand);

// ---------------------------------------------------------------------------------------
// The Wasm engine
// ---------------------------------------------------------------------------------------
const require = createRequire(import.meta.url);

// The Wasm module records a Rust panic's message here before it throws.
globalThis.PRISMA_WASM_PANIC_REGISTRY = {
  message: "",
  set_message(message) {
    this.message = `RuntimeError: ${message}`;
  },
};
process.on("uncaughtException", (error) => {
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY.message;
  trace("uncaught", panic, String(error?.stack ?? error));
  reportError([panic, String(error?.stack ?? error)].filter(Boolean).join("\n"), "P1000");
  process.exit(101);
});

async function loadWasmEngine() {
  const packageDir = path.dirname(require.resolve("@prisma/schema-engine-wasm"));
  const bindings = await import(path.join(packageDir, "schema_engine_bg.js"));
  const wasmModule = new WebAssembly.Module(fs.readFileSync(path.join(packageDir, "schema_engine_bg.wasm")));
  const instance = new WebAssembly.Instance(wasmModule, { "./schema_engine_bg.js": bindings });
  bindings.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start?.();
  return bindings;
}

const { PrismaPg } = await import("@prisma/adapter-pg");
const { bindMigrationAwareSqlAdapterFactory, ColumnTypeEnum } = await import("@prisma/driver-adapter-utils");

// The engine's schema describer reads pg_catalog columns of the internal type "char"
// (OID 18), which adapter-pg refuses to deserialize. The native engine treats them as
// characters, so this reports them as ColumnType.Character; a few other catalog name-like
// types (name, regproc, …) are read as text. pg already returns all of them as strings.
const CHAR_OID = 18;
const TEXT_OID = 25;
const TEXT_LIKE_OIDS = new Set([22, 24, 30, 194, 2205, 2206]);
let isQueryablePatched = false;
function readCatalogTypes(adapter) {
  if (isQueryablePatched) return adapter;
  // Transactions share this prototype (PgQueryable), so one patch covers both.
  const queryablePrototype = Object.getPrototypeOf(Object.getPrototypeOf(adapter));
  const originalPerformIO = queryablePrototype.performIO;
  const originalQueryRaw = queryablePrototype.queryRaw;
  queryablePrototype.queryRaw = async function queryRawWithCatalogTypes(query) {
    const charColumns = [];
    const self = Object.create(this);
    self.performIO = async (innerQuery) => {
      const result = await originalPerformIO.call(this, innerQuery);
      result?.fields?.forEach((field, index) => {
        if (field.dataTypeID === CHAR_OID) {
          charColumns.push(index);
          field.dataTypeID = TEXT_OID;
        } else if (TEXT_LIKE_OIDS.has(field.dataTypeID)) {
          field.dataTypeID = TEXT_OID;
        }
      });
      return result;
    };
    const result = await originalQueryRaw.call(self, query);
    for (const index of charColumns) result.columnTypes[index] = ColumnTypeEnum.Character;
    return result;
  };
  isQueryablePatched = true;
  return adapter;
}

function createAdapterFactory(fields, schema) {
  const options = schema ? { schema } : undefined;
  const main = new PrismaPg(fields, options);
  return bindMigrationAwareSqlAdapterFactory({
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => readCatalogTypes(await main.connect()),
    // adapter-pg 7.10's own shadow database drops the database while its pool still holds
    // connections ("database … is being accessed by other users"): close the pool first.
    async connectToShadowDb() {
      const shadowName = `prisma_migrate_shadow_db_${randomUUID()}`;
      await withAdminClient(fields, (client) => client.query(`CREATE DATABASE ${quoteIdentifier(shadowName)}`));
      const adapter = readCatalogTypes(await new PrismaPg({ ...fields, database: shadowName }, options).connect());
      const closePool = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await closePool();
        await withAdminClient(fields, (client) =>
          client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(shadowName)} WITH (FORCE)`),
        );
      };
      return adapter;
    },
  });
}

let enginePromise = null;
function getEngine() {
  enginePromise ??= (async () => {
    const { fields, schema } = connectionFieldsFrom(args.datasource.url ?? process.env.DATABASE_URL);
    const bindings = await loadWasmEngine();
    const factory = createAdapterFactory(fields, schema);
    const datamodels = args.datamodelPaths.length
      ? args.datamodelPaths.map((file) => [file, fs.readFileSync(file, "utf8")])
      : undefined;
    const engine = await bindings.SchemaEngine.new({ datamodels }, (message) => trace("engine", message), factory);
    return { engine, factory };
  })();
  return enginePromise;
}

// ---------------------------------------------------------------------------------------
// JSON-RPC over stdin/stdout, one request at a time as the native engine does
// ---------------------------------------------------------------------------------------
const RENAMED_METHODS = { getDatabaseVersion: "version" };
const SHADOW_CACHE_MISS = /shadow DB must be provided through an external factory/;
const send = (message) => process.stdout.write(JSON.stringify(message) + "\n");

async function callEngine(method, params) {
  if (method === "createDatabase") {
    const { fields } = connectionFieldsFrom(args.datasource.url ?? process.env.DATABASE_URL);
    await createDatabaseIfMissing(fields);
    return { databaseName: fields.database };
  }
  const { engine } = await getEngine();
  const engineMethod = RENAMED_METHODS[method] ?? method;
  if (typeof engine[engineMethod] !== "function") {
    throw Object.assign(new Error(`The Wasm schema engine does not support ${method}`), { code: "P1012" });
  }
  try {
    return await engine[engineMethod](params ?? null);
  } catch (error) {
    // evaluateDataLoss and createMigration read the shadow database's schema from a cache
    // that only diagnoseMigrationHistory fills; on a miss the Wasm engine cannot open a
    // shadow database by itself. Fill the cache and try once more.
    if (!SHADOW_CACHE_MISS.test(String(error?.message)) || !params?.migrationsList) throw error;
    trace("filling the shadow schema cache through diagnoseMigrationHistory");
    await engine.diagnoseMigrationHistory({
      migrationsList: params.migrationsList,
      optInToShadowDatabase: true,
      filters: params.filters ?? { externalTables: [], externalEnums: [] },
    });
    return await engine[engineMethod](params);
  }
}

async function handleRequest({ id, method, params }) {
  trace("->", method, params);
  try {
    let result = await callEngine(method, params);
    if (method === "diff" && typeof result?.stdout === "string") {
      // The native engine prints a diff by sending the CLI a `print` request.
      send({
        jsonrpc: "2.0",
        id: 1_000_000 + id,
        method: "print",
        params: { content: result.stdout.replace(/\n$/, "") },
      });
      result = { exitCode: result.exitCode };
    }
    trace("<-", method, result);
    send({ jsonrpc: "2.0", id, result: result ?? null });
  } catch (thrown) {
    const factory = enginePromise ? (await enginePromise.catch(() => null))?.factory : null;
    const error = factory?.errorRegistry?.lookupError?.(thrown)?.error ?? thrown;
    const message = describeConnectionError(error);
    const isPanic =
      /RuntimeError|unreachable|panicked/.test(message) || Boolean(globalThis.PRISMA_WASM_PANIC_REGISTRY.message);
    trace("!!", method, message, error?.code);
    send({
      jsonrpc: "2.0",
      id,
      error: {
        code: 4466,
        message: "An error happened. Check the data field for details.",
        data: { is_panic: isPanic, message, error_code: prismaCodeFor(error), meta: error?.meta ?? {} },
      },
    });
  }
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
let queue = Promise.resolve();
lines.on("line", (line) => {
  if (!line.trim()) return;
  let request;
  try {
    request = JSON.parse(line);
  } catch {
    return;
  }
  if (request.method && request.id !== undefined) queue = queue.then(() => handleRequest(request));
});
lines.on("close", async () => {
  await queue;
  process.exit(0);
});
