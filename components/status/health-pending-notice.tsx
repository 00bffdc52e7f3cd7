/**
 * Said on pages that show stored health while a large data load is still being recomputed in the background
 * (lib/dal/bulk-write.ts): the figures are behind the data for a few moments.
 */
export function HealthPendingNotice() {
  return (
    <div className="notice notice--info" role="status">
      <p>Health is being recomputed after a large data load; these figures update within moments.</p>
    </div>
  );
}
