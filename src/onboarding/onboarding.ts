import type { Place } from '../core/invocation';
import type { Person } from '../core/person';

/** Runbook section 3, in order; the last only when HaloPSA is set up. */
export const STEPS = [
  'Baseline sheet recorded',
  'Action1 agent install link sent',
  'Device checked in',
  'Remote control verified',
  'Initial inventory and patch scan',
  'Standard patch policy applied',
  'Customer group and maintenance window in place',
  'Baseline health report posted',
  'Recorded in HaloPSA',
] as const;
export type StepName = (typeof STEPS)[number];

/** The last step, which only customers with HaloPSA set up get. */
export const PSA_STEP: StepName = 'Recorded in HaloPSA';

export type StepState = 'pending' | 'running' | 'waiting' | 'done' | 'failed' | 'skipped';

export interface Step {
  name: string;
  state: StepState;
  at?: string;
  result?: string;
  error?: string;
}

/** The baseline sheet: what the technician typed on the form. */
export interface DeviceSheet {
  hostname: string;
  user: string;
  os: string;
  location: string;
}

export interface Onboarding {
  id: string;
  customer: string;
  sheet: DeviceSheet;
  tech: Person;
  /** Where the progress card lives; its message id once posted. */
  place: Place;
  card?: string;
  steps: Step[];
  startedAt: string;
  /** When the wait for check-in began and whether the tech was reminded. */
  waitingSince?: string;
  reminded?: boolean;
  deviceId?: string;
  haloAssetId?: number;
  haloTicketId?: number;
  /** An instance working on it, and since when (a lease). */
  takenAt?: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  /** The card shows an older state. */
  redraw: boolean;
}

export const isOpen = (o: Onboarding) => o.state === 'running' || o.redraw;
export const currentStep = (o: Onboarding) =>
  o.steps.findIndex((s) => s.state !== 'done' && s.state !== 'skipped');

const HOSTNAME = /^(?!-)[A-Za-z0-9-]{1,15}(?<!-)$/;
export const OS_CHOICES = [
  'Windows 11',
  'Windows 10',
  'Windows Server 2022',
  'Windows Server 2019',
  'macOS',
  'Linux',
];

/** Checks the form; returns a message per field that is wrong (empty when all is well). */
export function checkSheet(
  sheet: Partial<DeviceSheet> & { customer?: string },
  customers: readonly string[],
): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!sheet.customer || !customers.includes(sheet.customer))
    errors.customer = `Pick one of your customers: ${customers.join(', ') || 'none'}`;
  if (!sheet.hostname || !HOSTNAME.test(sheet.hostname))
    errors.hostname =
      'A Windows hostname: 1 to 15 letters, digits or hyphens, not starting or ending with a hyphen';
  if (!sheet.user || sheet.user.trim().length < 2 || sheet.user.length > 100)
    errors.user = "The device's main user, e.g. jane.doe";
  if (!sheet.os || !OS_CHOICES.includes(sheet.os)) errors.os = `One of: ${OS_CHOICES.join(', ')}`;
  if (!sheet.location || sheet.location.trim().length < 2 || sheet.location.length > 100)
    errors.location = 'Where the device is, e.g. Berlin office, 2nd floor';
  return errors;
}
