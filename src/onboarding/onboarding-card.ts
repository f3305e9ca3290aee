import { cardReply, type CardReply } from '../core/reply';
import type { Customer } from '../config/customer';
import { currentStep, OS_CHOICES, type DeviceSheet, type Onboarding } from './onboarding';
import { stepLine } from './onboarding-steps';
import { nameOf } from '../core/wording';

const STATUS: Record<Onboarding['state'], string> = {
  running: 'In progress',
  done: '✅ Onboarded',
  failed: '❌ Stopped',
  cancelled: 'Cancelled',
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
  const title = `Onboarding ${o.sheet.hostname} for ${customerName}`;
  return cardReply(
    'onboarding',
    {
      id: o.id,
      title,
      status: `${STATUS[o.state]} · started by ${nameOf(o.tech)}`,
      steps: o.steps.map((s, n) => stepLine(n, s, customer.timezone)),
      retry: failed,
      confirmRemote: failed && step?.name === 'Remote control verified',
      cancel: o.state === 'running',
    },
    `${title}: ${STATUS[o.state]}${step ? `, step ${i + 1} ${step.state}` : ''}`,
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
