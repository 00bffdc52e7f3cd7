import { NotFoundMessage } from "@/components/shell/not-found-message";
import { PublicHeader } from "@/components/shell/public-header";

// For addresses that match no page at all (rendered in the root layout alone).
export default function NotFound() {
  return (
    <>
      <PublicHeader />
      <main id="main-content" tabIndex={-1}>
        <NotFoundMessage />
      </main>
    </>
  );
}
