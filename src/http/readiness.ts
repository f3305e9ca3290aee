/** Readiness probes come every few seconds; an outside system is asked at most once a period. */
export function cachedCheck(periodMs: number, probe: () => Promise<unknown>): () => Promise<void> {
  let last: { at: number; error?: Error } | undefined;
  return async () => {
    if (!last || Date.now() - last.at > periodMs || last.error) {
      last = await probe().then(
        () => ({ at: Date.now() }),
        (error: Error) => ({ at: Date.now(), error }),
      );
    }
    if (last.error) throw last.error;
  };
}
