import "server-only";
import type { Principal } from "@/lib/auth/permissions";
import { setPublished } from "@/lib/dal/publishing";
import { setPublishedSchema } from "@/lib/validation/publishing";
import { performAction, nameActionHandlers } from "./action-result";

export const publishingHandlers = nameActionHandlers("publishing", {
  setPublished: (principal: Principal | null, rawInput: unknown) =>
    performAction(principal, "publish", setPublishedSchema, rawInput, setPublished),
});
