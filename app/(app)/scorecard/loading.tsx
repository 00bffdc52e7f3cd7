export default function ScorecardLoading() {
  return (
    <div className="page">
      <p className="loading-state" role="status">
        Loading the scorecard…
      </p>
    </div>
  );
}
