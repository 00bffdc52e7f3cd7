export default function TreeIndexPage() {
  return (
    <>
      <h2>Select a node</h2>
      <p>
        Choose an objective, key result or KPI in the tree to see why its health is what it is — and, if you edit the
        tree, to change it here.
      </p>
    </>
  );
}
