export default function KpiLoading() {
  return (
    <div className="page">
      <p className="loading-state" role="status">
        Loading the KPI…
      </p>
    </div>
  );
}
