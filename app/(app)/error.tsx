"use client";

// Any page that fails unexpectedly: a plain message and the error's id (its digest in the
// server log), never the error's own text.
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page">
      <div className="usa-alert usa-alert--error" role="alert">
        <div className="usa-alert__body">
          <h1 className="usa-alert__heading">Something went wrong</h1>
          <p className="usa-alert__text">
            This page could not be shown{error.digest ? ` (error ${error.digest})` : ""}. Nothing was changed.
          </p>
        </div>
      </div>
      <p>
        <button type="button" className="usa-button" onClick={reset}>
          Try again
        </button>
      </p>
    </div>
  );
}
