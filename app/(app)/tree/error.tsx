"use client";

export default function TreeError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="usa-alert usa-alert--error" role="alert">
      <div className="usa-alert__body">
        <h2 className="usa-alert__heading">The tree could not be shown</h2>
        <p className="usa-alert__text">
          Something went wrong{error.digest ? ` (error ${error.digest})` : ""}. Nothing was changed.{" "}
          <button type="button" className="link-button" onClick={reset}>
            Try again
          </button>
        </p>
      </div>
    </div>
  );
}
