export default function ObjectiveLoading() {
  return (
    <div className="page">
      <p className="loading-state" role="status">
        Loading the objective…
      </p>
    </div>
  );
}
