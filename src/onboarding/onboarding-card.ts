import { cardReply, type CardReply } from '../core/reply';
import type { Customer } from '../config/customer';
import { currentStep, OS_CHOICES, type DeviceSheet, type Onboarding } from './onboarding';
import { stepLine } from './onboarding-steps';
import { nameOf } from '../core/wording';

/** Where an onboarding stands: the word, and the colour that goes with it. */
const STATUS: Record<Onboarding['state'], { text: string; color: string }> = {
  running: { text: 'In progress', color: 'Accent' },
  done: { text: '✅ Onboarded', color: 'Good' },
  failed: { text: '❌ Stopped', color: 'Attention' },
  cancelled: { text: 'Cancelled', color: 'Default' },
};

/** The one progress card of an onboarding, redrawn in place after every step. */
export function onboardingCard(
  o: Onboarding,
  customer: Pick<Customer, 'name' | 'timezone'>,
): CardReply {
  const customerName = customer.name;
  const i = currentStep(o);
  const step = i >= 0 ? o.steps[i] : undefined;
  const failed = o.state === 'running' && step?.state === 'failed';
  // A failed step stops the run until someone retries: the card says so in its colour.
  const standing = failed
    ? { text: 'Waiting for you: a step failed', color: 'Attention' }
    : STATUS[o.state];
  const title = `Onboarding ${o.sheet.hostname} for ${customerName}`;
  return cardReply(
    'onboarding',
    {
      id: o.id,
      title,
      status: standing.text,
      statusColor: standing.color,
      startedBy: `Started by ${nameOf(o.tech)}`,
      steps: o.steps.map((s, n) => stepLine(n, s, customer.timezone)),
      retry: failed,
      confirmRemote: failed && step?.name === 'Remote control verified',
      cancel: o.state === 'running',
    },
    `${title}: ${standing.text}${step ? `, step ${i + 1} ${step.state}` : ''}`,
  );
}

/** The form: customer, hostname, user, OS, location; with messages where a value was wrong. */
export function onboardingForm(
  customers: readonly Pick<Customer, 'id' | 'name'>[],
  typed: Partial<DeviceSheet> & { customer?: string },
  errors: Record<string, string> = {},
): CardReply {
  const err = (k: string) => errors[k] ?? '';
  return cardReply(
    'onboard-form',
    {
      customers: customers.map((c) => ({ title: c.name, value: c.id })),
      oses: OS_CHOICES.map((os) => ({ title: os, value: os })),
      customer: typed.customer ?? '',
      hostname: typed.hostname ?? '',
      user: typed.user ?? '',
      os: typed.os ?? 'Windows 11',
      location: typed.location ?? '',
      customerError: err('customer'),
      hostnameError: err('hostname'),
      userError: err('user'),
      osError: err('os'),
      locationError: err('location'),
      hasErrors: Object.keys(errors).length > 0,
    },
    'Onboard a device: fill in the form',
    {
      private: true,
      form: { title: 'Onboard a device', submitVerb: 'onboard.start', submitLabel: 'Start' },
      fieldErrors: errors,
    },
  );
}
