/** Work the shopper is waiting for (deciding, signing, ordering), announced to screen readers. */
export function Progress({ label }: { label: string }) {
  return (
    <p className="progress" role="status">
      <span className="spinner" aria-hidden="true" />
      {label}
    </p>
  );
}
