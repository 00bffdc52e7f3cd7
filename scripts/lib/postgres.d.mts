// Types for the plain-JavaScript database helpers (they run before any TypeScript tooling).
export const projectRoot: string;
export function log(message: string): void;
export function withDatabase(url: string, database: string): string;
export function redactUrl(url: string): string;
export function findFreePort(): Promise<number>;
export type RunningServer = { serverUrl: string; stop: () => Promise<void> };
export class LauncherRefusal extends Error {}
export function exitOnRefusal(error: unknown): never;
export function importEmbeddedPostgres(moduleUrl?: string): Promise<unknown>;
export function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent: boolean;
  isDataDirChosen?: boolean;
}): Promise<RunningServer>;
export function resolveDevelopmentDatabase(): Promise<{
  databaseUrl: string;
  isEmbedded: boolean;
  stop: () => Promise<void>;
}>;
export function resolveTestServer(): Promise<RunningServer & { isThrowaway: boolean }>;
export function createDatabase(serverUrl: string, database: string): Promise<void>;
export function dropDatabase(serverUrl: string, database: string): Promise<void>;
export function testDatabaseName(kind: string): string;
export function dropOrphanedTestDatabases(serverUrl: string): Promise<void>;
export function runProjectBinaryForStatus(binary: string, args: string[], env: Record<string, string>): number;
export function runProjectBinary(binary: string, args: string[], env: Record<string, string>): void;
export function migrateDatabase(databaseUrl: string): void;
export function seedDatabase(databaseUrl: string): void;
