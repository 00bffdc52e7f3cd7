// AUTH_SECRET signs session cookies. A deployment sets it (the same on every server); for a
// development machine `npm run dev` creates one in .data/ so sessions survive restarts.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { projectRoot } from "./postgres.mjs";

export function ensureAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  const file = path.join(projectRoot, ".data", "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(48).toString("base64url"), { mode: 0o600 });
  }
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

/** A fresh secret for one test run. */
export function createThrowawayAuthSecret() {
  process.env.AUTH_SECRET ??= crypto.randomBytes(48).toString("base64url");
}
