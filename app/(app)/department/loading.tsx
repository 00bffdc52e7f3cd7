export default function DepartmentLoading() {
  return (
    <div className="page">
      <p className="loading-state" role="status">
        Loading your department…
      </p>
    </div>
  );
}
