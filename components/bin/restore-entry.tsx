"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useTreeActions } from "@/components/actions/tree-actions";

/** Restores one recycle-bin entry; a conflict (a code taken since, a parent gone) is shown beside the button. */
export function RestoreEntry({ id, code }: { id: string; code: string }) {
  const { restoreBinEntryAction } = useTreeActions();
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function restore() {
    startTransition(async () => {
      const result = await restoreBinEntryAction({ id });
      if (result.ok) {
        // The entry leaves the list: the page says what was restored.
        router.push(`/bin?restored=${encodeURIComponent(code)}`);
      } else {
        setProblem(result.message);
      }
    });
  }

  return (
    <div>
      <button type="button" className="usa-button usa-button--small" onClick={restore} disabled={isPending}>
        {isPending ? "Restoring…" : "Restore"}
        <span className="visually-hidden"> {code}</span>
      </button>
      {problem ? (
        <p className="bin__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
