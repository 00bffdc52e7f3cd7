#!/usr/bin/env node
// `npm test`: the unit tests, then the integration and end-to-end suites side by side. The two share nothing — each
// makes its own database, the end-to-end one serves its own build — and each spends much of its time waiting (on
// PostgreSQL, on the browser), so together they take little longer than the end-to-end suite alone; in a row they made
// a CI run longer than its 20-minute budget. Each suite's output is printed whole when it ends, so the two never
// interleave; the exit code is the first failure's.
import { spawn } from "node:child_process";

/** Runs an npm script, its output passed through as it comes (`live`) or kept until it ends. */
function runScript(name, { live }) {
  return new Promise((resolve) => {
    const child = spawn("npm", ["run", "--silent", name], {
      stdio: live ? "inherit" : ["ignore", "pipe", "pipe"],
      env: process.env,
    });
    const chunks = [];
    child.stdout?.on("data", (chunk) => chunks.push(chunk));
    child.stderr?.on("data", (chunk) => chunks.push(chunk));
    child.on("close", (code, signal) =>
      resolve({ name, code: code ?? (signal ? 1 : 0), output: Buffer.concat(chunks) }),
    );
  });
}

function report({ name, code, output }) {
  process.stdout.write(`\n==> npm run ${name} (exit ${code})\n`);
  process.stdout.write(output);
}

const unit = await runScript("test:unit", { live: true });
if (unit.code !== 0) process.exit(unit.code);

process.stdout.write("\n==> npm run test:integration and npm run test:e2e, side by side (each printed when it ends)\n");
const suites = [runScript("test:integration", { live: false }), runScript("test:e2e", { live: false })];
const finished = [];
// Print each suite as soon as it ends, the faster first.
await Promise.all(suites.map((suite) => suite.then((result) => (report(result), finished.push(result)))));
const failed = finished.find((result) => result.code !== 0);
process.exit(failed ? failed.code : 0);
