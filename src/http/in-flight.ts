/**
 * Work that continues after the HTTP answer (Slack is acked first, then served). On SIGTERM we
 * stop taking requests and wait for this to drain, so no acknowledged request is dropped.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  track<T>(work: Promise<T>): Promise<T> {
    this.running.add(work);
    const forget = () => this.running.delete(work);
    work.then(forget, forget);
    return work;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves true when everything finished, false when the grace period ran out first. */
  async drain(graceMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>(
      (resolve) => (timer = setTimeout(() => resolve(false), graceMs)),
    );
    const done = (async () => {
      while (this.running.size > 0) await Promise.allSettled([...this.running]);
      return true as const;
    })();
    const finished = await Promise.race([done, timeout]);
    clearTimeout(timer);
    return finished;
  }
}
