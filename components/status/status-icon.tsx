import type { Status } from "@/lib/domain";

// One shape per status, so that status reads without colour: a check in a circle (on track),
// a warning triangle (at risk), a cross in an octagon (off track), a dash (no data), a
// question mark (no target). Decorative: the status is always written beside it.

export function StatusIconPaths({ status }: { status: Status }) {
  switch (status) {
    case "ON_TRACK":
      return (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8.2l2.3 2.3 4.7-4.9" fill="none" stroke="#fff" strokeWidth="1.8" />
        </>
      );
    case "AT_RISK":
      return (
        <>
          <path d="M8 1l7.5 13.5H.5z" fill="currentColor" />
          <path d="M8 5.5v4.5M8 11.5v1.5" stroke="#fff" strokeWidth="1.8" />
        </>
      );
    case "OFF_TRACK":
      return (
        <>
          <path d="M5 1h6l4 4v6l-4 4H5l-4-4V5z" fill="currentColor" />
          <path d="M5.3 5.3l5.4 5.4M10.7 5.3l-5.4 5.4" stroke="#fff" strokeWidth="1.8" />
        </>
      );
    case "NO_TARGET":
      return (
        <>
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path
            d="M6 6.2a2 2 0 1 1 2.8 1.8c-.6.3-.8.7-.8 1.3M8 11.2v1.3"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.6"
          />
        </>
      );
    default:
      return (
        <>
          <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.6" />
          <path d="M4.5 8h7" stroke="currentColor" strokeWidth="1.8" />
        </>
      );
  }
}

export function StatusIcon({ status, className }: { status: Status; className?: string }) {
  return (
    <svg
      className={className ?? "status-icon"}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      aria-hidden="true"
      focusable="false"
    >
      <StatusIconPaths status={status} />
    </svg>
  );
}
