import type { Log } from '../core/ports';
import { leaseHeld } from '../core/lease';
import type { Customer } from '../config/customer';
import type { Store } from '../core/store';
import { DocBook } from '../core/doc-book';
import { Rounds } from '../core/rounds';
import { currentStep, isOpen, type Onboarding } from './onboarding';
import type { OnboardingTools } from './onboarding-tools';
import { runStep } from './onboarding-steps';

const LEASE_MS = 5 * 60_000;

export interface RunnerOptions {
  store: Store;
  tools: OnboardingTools;
  customers: readonly Pick<Customer, 'id' | 'name' | 'fleetId' | 'timezone'>[];
  reminderMinutes: number;
  clock?: () => Date;
  log: Log;
}

/**
 * Moves every running onboarding forward: one instance at a time per workflow (a lease in the
 * record), one step after another, each result recorded before the next begins, the card
 * redrawn after each. A restart or another instance picks up where the record says.
 */
export class OnboardingRunner {
  readonly book: DocBook<Onboarding>;
  private readonly rounds = new Rounds(async () => {
    for (const o of await this.book.open())
      await this.advance(o.id).catch((err: unknown) =>
        this.deps.log.error({ err, onboarding: o.id }, 'onboarding step failed unexpectedly'),
      );
  });

  constructor(private readonly deps: RunnerOptions) {
    this.book = new DocBook<Onboarding>(deps.store, 'onboarding', isOpen);
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  run(): Promise<void> {
    return this.rounds.run();
  }

  private async advance(id: string): Promise<void> {
    const now = this.now();
    const claimed = await this.book.change(id, (o) => {
      if (leaseHeld(o.takenAt, now, LEASE_MS)) return undefined;
      return { ...o, takenAt: now.toISOString() };
    });
    if (!claimed || claimed.after.takenAt !== now.toISOString()) return;
    try {
      await this.steps(id);
    } finally {
      await this.book.change(id, (o) => ({ ...o, takenAt: undefined }));
    }
  }

  private async steps(id: string): Promise<void> {
    for (;;) {
      const o = await this.book.get(id);
      if (!o) return;
      if (o.state !== 'running') return this.redraw(o);
      const i = currentStep(o);
      if (i < 0) {
        const done = await this.book.change(id, (x) => ({ ...x, state: 'done', redraw: true }));
        if (done) return this.redraw(done.after);
        return;
      }
      const step = o.steps[i];
      if (!step || step.state === 'failed') return this.redraw(o);
      const customer = this.deps.customers.find((c) => c.id === o.customer);
      const orgId = customer?.fleetId;
      const now = this.now();
      const outcome = orgId
        ? await runStep(step.name, {
            o,
            orgId,
            tools: this.deps.tools,
            now,
            reminderMinutes: this.deps.reminderMinutes,
            timeZone: customer?.timezone ?? 'UTC',
            customerName: customer?.name ?? o.customer,
          }).catch((err: unknown) => ({
            state: 'failed' as const,
            error: String((err as Error).message ?? err).slice(0, 300),
          }))
        : { state: 'failed' as const, error: `${o.customer} has no Action1 organization` };
      const changed = await this.book.change(id, (x) => {
        if (x.state !== 'running' || currentStep(x) !== i) return undefined; // cancelled meanwhile
        const steps = [...x.steps];
        steps[i] =
          outcome.state === 'failed'
            ? {
                ...steps[i],
                name: steps[i]?.name ?? '',
                state: 'failed',
                error: outcome.error,
                at: now.toISOString(),
              }
            : {
                name: steps[i]?.name ?? '',
                state: outcome.state,
                result: outcome.result,
                at: now.toISOString(),
              };
        return { ...x, ...('patch' in outcome ? outcome.patch : {}), steps, redraw: true };
      });
      const latest = changed?.after ?? o;
      await this.redraw(latest);
      if (outcome.state === 'waiting' || outcome.state === 'failed') return;
    }
  }

  private async redraw(o: Onboarding): Promise<void> {
    if (!o.redraw && o.card) return;
    try {
      const card = await this.deps.tools.drawCard(o);
      await this.book.change(o.id, (x) => ({ ...x, card, redraw: false }));
    } catch (err) {
      this.deps.log.warn(
        { err, onboarding: o.id },
        'onboarding card not drawn; the next round tries again',
      );
    }
  }
}
