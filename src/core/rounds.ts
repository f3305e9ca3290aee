/**
 * Work done in rounds on demand (delivering what is queued, keeping requests moving): one round
 * at a time, and a call during a round makes it go round once more, so no change is missed and
 * no two rounds of one process race each other. A round may also ask to go again itself.
 */
export class Rounds {
  private running?: Promise<void>;
  private again = false;

  /** `round` returns true when it wants another round straight away. */
  constructor(private readonly round: () => Promise<boolean | void>) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        if (await this.round()) this.again = true;
      } while (this.again);
    })().finally(() => (this.running = undefined));
    return this.running;
  }
}
