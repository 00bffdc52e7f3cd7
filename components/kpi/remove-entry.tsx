"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, useTransition } from "react";
import { useTreeActions } from "@/components/actions/tree-actions";

const ACTIONS = { measurement: "removeMeasurementAction", commentary: "deleteCommentaryAction" } as const;

/**
 * Removes one measurement or one commentary entry, after asking once: "Remove" shows what will happen and a
 * confirming button (focused), "Keep it" puts things back as they were.
 */
export function RemoveEntry({
  kind,
  id,
  version,
  what,
  consequence,
}: {
  kind: keyof typeof ACTIONS;
  id: string;
  version: number;
  /** What is removed, for the buttons' accessible names ("the value for June 2026"). */
  what: string;
  /** What happens to it, said before confirming. */
  consequence: string;
}) {
  const actions = useTreeActions();
  const router = useRouter();
  const questionId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openerRef = useRef<HTMLButtonElement>(null);
  const [isAsking, setIsAsking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [isPending, startTransition] = useTransition();

  function ask() {
    setIsAsking(true);
    setProblem(null);
    // The confirming button appears in place of the opener: move focus to it.
    requestAnimationFrame(() => confirmRef.current?.focus());
  }

  function keep() {
    setIsAsking(false);
    requestAnimationFrame(() => openerRef.current?.focus());
  }

  function remove() {
    startTransition(async () => {
      const result = await actions[ACTIONS[kind]]({ id, version });
      if (result.ok) {
        setIsAsking(false);
        router.refresh();
      } else {
        setProblem(result.message);
      }
    });
  }

  if (!isAsking) {
    return (
      <button type="button" className="usa-button usa-button--unstyled" ref={openerRef} onClick={ask}>
        Remove<span className="visually-hidden"> {what}</span>
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby={questionId} className="remove-entry">
      <p id={questionId}>
        Remove {what}? {consequence}
      </p>
      <button
        type="button"
        className="usa-button usa-button--secondary usa-button--small"
        ref={confirmRef}
        onClick={remove}
        disabled={isPending}
      >
        {isPending ? "Removing…" : "Remove it"}
      </button>
      <button type="button" className="usa-button usa-button--outline usa-button--small" onClick={keep}>
        Keep it
      </button>
      {problem ? (
        <p className="bin__problem" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
