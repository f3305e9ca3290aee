/**
 * Work after the ack, a bounded number at a time. Under a flood, thousands of half-done
 * commands at once starve the event loop and the acks with it; queued work costs nothing until
 * it runs, so acks stay fast and everything accepted is still done, in order. Past `maxWaiting`
 * the queue says it is full and the caller answers "busy" instead of accepting more.
 */
export class WorkQueue {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxWaiting: number,
    /** Told of every request a door turned away because the queue was full (for metrics). */
    private readonly onRefused: (channel: 'slack' | 'teams') => void = () => undefined,
  ) {}

  get waitingCount(): number {
    return this.waiting.length;
  }

  get activeCount(): number {
    return this.active;
  }

  /** A door turned a request away because the queue was full. */
  refused(channel: 'slack' | 'teams'): void {
    this.onRefused(channel);
  }

  /** True when new work would have to wait and the waiting line is already at its limit. */
  get full(): boolean {
    return this.active >= this.concurrency && this.waiting.length >= this.maxWaiting;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.concurrency) await new Promise<void>((go) => this.waiting.push(go));
    this.active++;
    // Let requests that arrived meanwhile be read and acked before this work takes the CPU.
    await new Promise<void>((go) => setImmediate(go));
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
