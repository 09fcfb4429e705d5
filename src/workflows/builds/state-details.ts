/**
 * Apple's reasons in a state object (a buildUpload's `state`, a file's `assetDeliveryState`:
 * `{ state, errors: [{ code, description }] }`) as one line, e.g. "ITMS-90062: …; ITMS-90186: …".
 */
export function stateDetails(state: unknown): string {
  const errors = (state as { errors?: Array<{ code?: string; description?: string }> } | null | undefined)?.errors ?? [];
  return errors.length ? errors.map((e) => `${e.code ?? "ERROR"}: ${e.description ?? ""}`.trim()).join("; ") : "no reason given";
}
