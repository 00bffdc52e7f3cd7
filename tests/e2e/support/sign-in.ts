import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "throughline-demo";

export const DEMO_USERS = {
  admin: "admin@riverton.example",
  officer: "officer@riverton.example",
  executive: "executive@riverton.example",
  head: "head@riverton.example",
} as const;

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

export async function signInAs(page: Page, email: string, password = DEMO_PASSWORD) {
  await signIn(page, email, password);
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}
