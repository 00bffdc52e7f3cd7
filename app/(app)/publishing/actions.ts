"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getCurrentPrincipal } from "@/lib/auth/session";
import { publishingHandlers } from "@/lib/actions/publishing-handlers";
import { fromForm } from "@/lib/validation/fields";

/**
 * Publishes or unpublishes one item. A plain form post, so it works without JavaScript;
 * the outcome comes back to the publishing page as a message in the address.
 */
export async function setPublishedAction(formData: FormData) {
  const principal = await getCurrentPrincipal();
  const input = fromForm(formData, { numbers: ["version"] });
  const result = await publishingHandlers.setPublished(principal, { ...input, published: input.published === "true" });
  if (result.ok) {
    // The public pages (pages/p/…) need no revalidation: publishing bumps the agency's public data
    // version, and they are served for the current version only, on every server.
    revalidatePath("/publishing");
    const { code, published } = result.data.item;
    redirect(`/publishing?done=${encodeURIComponent(`${code} ${published ? "published" : "unpublished"}`)}`);
  }
  redirect(`/publishing?problem=${encodeURIComponent(result.message)}`);
}
