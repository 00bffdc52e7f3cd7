// Stands in for the `server-only` package under vitest: its real export throws outside
// React Server Components, which is what it guards in the app. Tests call the same DAL.
export {};
