import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { createFromStarterTemplate, previewStarterTemplate } from "@/lib/dal/templates";
import { templateChoicesSchema } from "@/lib/validation/templates";
import { performAction, nameActionHandlers } from "./action-result";

// The bodies of the starter-template server actions: parse the officer's choices with the shared schema, one DAL
// call, one typed result. app/(app)/setup/templates/actions.ts wraps them with the session's principal.

type Handler = (principal: Principal | null, rawInput: unknown) => ReturnType<typeof performAction>;

export const templateHandlers = nameActionHandlers("templates", {
  previewTemplate: (principal, rawInput) =>
    performAction(principal, "tree:edit", templateChoicesSchema, rawInput, previewStarterTemplate),
  createFromTemplate: (principal, rawInput) =>
    performAction(principal, "tree:edit", templateChoicesSchema, rawInput, createFromStarterTemplate),
} satisfies Record<string, Handler>);

export type TemplateHandlerName = keyof typeof templateHandlers;
