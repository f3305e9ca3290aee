import type { Customer } from '../config/customer';
import type { Place } from '../core/invocation';
import { newId } from '../core/ids';
import type { Person } from '../core/person';
import { PSA_STEP, STEPS, type DeviceSheet, type Onboarding } from './onboarding';
import type { OnboardingRunner } from './onboarding-runner';
import { nameOf } from '../core/wording';

export type Changed = { ok: true; onboarding: Onboarding } | { ok: false; message: string };

/** Starts onboardings and takes the buttons on their cards: Retry, Confirm remote, Cancel. */
export class OnboardingDesk {
  constructor(
    private readonly runner: OnboardingRunner,
    private readonly customers: readonly Pick<Customer, 'id' | 'haloClientId'>[],
    /** Let the runner take it from here (tracked, so shutdown waits for it). */
    private readonly kick: () => void,
  ) {}

  async start(
    customer: string,
    sheet: DeviceSheet,
    tech: Person,
    place: Place,
    now: Date,
  ): Promise<{ onboarding: Onboarding; already: boolean }> {
    // A second click on Start (or the same device started twice) finds the one under way.
    const running = (await this.runner.book.open()).find(
      (x) =>
        x.state === 'running' && x.customer === customer && x.sheet.hostname === sheet.hostname,
    );
    if (running) return { onboarding: running, already: true };
    const o: Onboarding = {
      id: newId('ob'),
      customer,
      sheet,
      tech,
      place,
      steps: STEPS.filter((name) => name !== PSA_STEP || this.recordedInPsa(customer)).map(
        (name) => ({
          name,
          state: 'pending',
        }),
      ),
      startedAt: now.toISOString(),
      state: 'running',
      redraw: true,
    };
    await this.runner.book.create(o);
    this.kick();
    return { onboarding: o, already: false };
  }

  private async edit(id: string, change: (o: Onboarding) => Onboarding | string): Promise<Changed> {
    let refusal: string | undefined;
    const changed = await this.runner.book.change(id, (o) => {
      const next = change(o);
      if (typeof next === 'string') {
        refusal = next;
        return undefined;
      }
      return next;
    });
    if (!changed) return { ok: false, message: 'I have no such onboarding (any more).' };
    if (refusal) return { ok: false, message: refusal };
    this.kick();
    return { ok: true, onboarding: changed.after };
  }

  retry(id: string): Promise<Changed> {
    return this.edit(id, (o) => {
      if (o.state !== 'running') return `This onboarding is ${o.state}; nothing to retry.`;
      if (!o.steps.some((s) => s.state === 'failed'))
        return 'No step has failed: nothing to retry.';
      return {
        ...o,
        redraw: true,
        steps: o.steps.map((s) => (s.state === 'failed' ? { name: s.name, state: 'pending' } : s)),
      };
    });
  }

  confirmRemote(id: string, by: Person, now: Date): Promise<Changed> {
    return this.edit(id, (o) => {
      const step = o.steps[3];
      if (o.state !== 'running' || !step || step.state === 'done')
        return 'Remote control is not waiting for a confirmation.';
      const steps = [...o.steps];
      steps[3] = {
        name: step.name,
        state: 'done',
        at: now.toISOString(),
        result: `confirmed by hand by ${nameOf(by)}`,
      };
      return { ...o, steps, redraw: true };
    });
  }

  cancel(id: string): Promise<Changed> {
    return this.edit(id, (o) =>
      o.state !== 'running'
        ? `This onboarding is ${o.state} already.`
        : { ...o, state: 'cancelled', redraw: true },
    );
  }

  /** The last step (the HaloPSA record) only where HaloPSA is set up for the customer. */
  private recordedInPsa(customer: string): boolean {
    return this.customers.find((c) => c.id === customer)?.haloClientId !== undefined;
  }
}
