// Types for the plain-JavaScript helpers that let the embedded PostgreSQL run when the launcher runs as root.
export type FolderStat = { uid: number; gid: number; mode: number };
export type Account = { uid: number | undefined; gids: readonly number[] };
export const ROOT_FALLBACK_DIR: string;
export function canSearch(stat: FolderStat, account: Account): boolean;
export function findUnreachableFolder(
  target: string,
  account: Account,
  statOf: (folder: string) => FolderStat | null,
): string | null;
export function planEmbeddedPostgresAsRoot(options: {
  binDir: string;
  dataDir: string;
  isDataDirChosen: boolean;
  account: Account;
  statOf: (folder: string) => FolderStat | null;
  fallbackDir: string;
}): {
  binaries: "in place" | "copy";
  blockedBinaries: string | null;
  dataDir: string;
  blockedData: string | null;
  refusal?: string;
};
export function readPostgresAccount(): Account;
export function statOrNull(folder: string): FolderStat | null;
export function ensureRootOnlyFolder(folder: string): void;
export function findPlatformBinDir(): string;
export function prepareReachableCopy(fallbackDir: string): string;
