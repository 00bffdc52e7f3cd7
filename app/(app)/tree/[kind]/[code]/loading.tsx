export default function NodePanelLoading() {
  return (
    <p className="loading-state" role="status">
      Loading the node…
    </p>
  );
}
