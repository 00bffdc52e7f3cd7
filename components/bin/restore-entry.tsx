"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { restoreBinEntryAction } from "@/app/(app)/tree/actions";

/** Restores one recycle-bin entry; a conflict (a code taken since, a parent gone) is shown beside the button. */
export function RestoreEntry({ id, code }: { id: string; code: string }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [isPending, startTransition] = useTransition();

  function restore() {
    startTransition(async () => {
      const result = await restoreBinEntryAction({ id });
      if (result.ok) {
        setMessage({ ok: true, text: `${code} restored.` });
        router.refresh();
      } else {
        setMessage({ ok: false, text: result.message });
      }
    });
  }

  return (
    <div>
      <button type="button" className="usa-button usa-button--small" onClick={restore} disabled={isPending}>
        {isPending ? "Restoring…" : "Restore"}
        <span className="visually-hidden"> {code}</span>
      </button>
      <div aria-live="polite">
        {message ? (
          <p className={message.ok ? "bin__done" : "bin__problem"} role={message.ok ? undefined : "alert"}>
            {message.text}
          </p>
        ) : null}
      </div>
    </div>
  );
}
