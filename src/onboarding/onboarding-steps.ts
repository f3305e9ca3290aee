import { cardReply, textReply } from '../core/reply';
import { clockTime } from '../core/wording';
import type { Onboarding, Step, StepName } from './onboarding';
import type { OnboardingTools } from './onboarding-tools';

export type StepOutcome =
  | { state: 'done' | 'skipped'; result: string; patch?: Partial<Onboarding> }
  | { state: 'waiting'; result: string; patch?: Partial<Onboarding> }
  | { state: 'failed'; error: string };

export interface StepContext {
  o: Onboarding;
  orgId: string;
  tools: OnboardingTools;
  now: Date;
  reminderMinutes: number;
  /** The customer's zone: times in step results are written in it. */
  timeZone: string;
  /** How people know the customer: on what the technician is sent. */
  customerName: string;
}

const minutesSince = (iso: string, now: Date) => (now.getTime() - new Date(iso).getTime()) / 60_000;

type StepRun = (c: StepContext) => Promise<StepOutcome>;

/** What the technician typed is the record. */
const recordSheet: StepRun = async ({ o }) => {
  const s = o.sheet;
  return { state: 'done', result: `${s.hostname}, user ${s.user}, ${s.os}, ${s.location}` };
};

/** The agent's install link, to the technician only. */
const sendInstallLink: StepRun = async ({ o, orgId, tools, customerName }) => {
  const s = o.sheet;
  const url = await tools.installLink(orgId, s.os);
  // A button, not text: links in text are never clickable (they may have come from anyone).
  const sent = await tools.tellTech(
    o,
    cardReply(
      'install-link',
      {
        title: `Action1 agent for ${s.hostname}`,
        facts: [
          { title: 'Customer', value: customerName },
          { title: 'Device', value: `${s.hostname}, ${s.os}` },
        ],
        url,
      },
      `Action1 agent for ${s.hostname} (${customerName}): the install link is on this card`,
      { private: true },
    ),
  );
  if (!sent)
    return {
      state: 'waiting',
      result:
        'The install link goes to you personally only, and I know no personal chat with you yet: open a personal chat with me (in Teams: Apps, then this bot, then Chat) and say hi. I send it there within a minute.',
    };
  return { state: 'done', result: 'sent privately to the technician' };
};

/** Wait for the device to appear in Action1; remind the technician once. */
const awaitCheckIn: StepRun = async ({ o, orgId, tools, now, reminderMinutes, timeZone }) => {
  const s = o.sheet;
  const device = await tools.findDevice(orgId, s.hostname);
  if (device)
    return {
      state: 'done',
      result: `checked in as ${device.name}`,
      patch: { deviceId: device.id },
    };
  const since = o.waitingSince ?? now.toISOString();
  if (!o.reminded && minutesSince(since, now) >= reminderMinutes) {
    await tools.tellTech(
      o,
      textReply(
        `${s.hostname} has not checked in after ${reminderMinutes} minutes. Is the Action1 agent installed and the device online? Cancel on the card if it is not coming.`,
      ),
    );
    return {
      state: 'waiting',
      result: `waiting since ${clockTime(since, timeZone)}; technician reminded`,
      patch: { waitingSince: since, reminded: true },
    };
  }
  return {
    state: 'waiting',
    result: `waiting since ${clockTime(since, timeZone)}`,
    patch: { waitingSince: since },
  };
};

const verifyRemote: StepRun = async ({ o, orgId, tools }) => ({
  state: 'done',
  result: await tools.testRemote(orgId, o.deviceId ?? ''),
});

const firstScan: StepRun = async ({ o, orgId, tools }) => ({
  state: 'done',
  result: await tools.scan(orgId, o.deviceId ?? ''),
});

const applyPolicy: StepRun = async ({ o, tools }) => {
  const done = await tools.applyPolicy(o.customer);
  return {
    state: 'done',
    result: done.length === 0 ? 'already in line' : `${done.length} change(s): ${done.join('; ')}`,
  };
};

/** The policy's schedules must sit in the customer's maintenance window. */
const checkWindow: StepRun = async ({ o, tools }) => {
  const window = await tools.windowInAction1(o.customer);
  if (!window)
    return {
      state: 'failed',
      error: `no maintenance window for ${o.customer}: set customers[].maintenanceWindow in the config, then Retry`,
    };
  return { state: 'done', result: `in group "MSP Standard Policy"; ${window}` };
};

const postBaseline: StepRun = async ({ o, tools }) => {
  await tools.postBaseline(o.customer, o.place);
  return { state: 'done', result: 'baseline health PDF posted in this conversation' };
};

const recordInPsa: StepRun = async ({ o, tools }) => {
  if (!tools.recordInPsa) return { state: 'skipped', result: 'HaloPSA is not set up' };
  const r = await tools.recordInPsa(o);
  return {
    state: 'done',
    result: `asset #${r.assetId}; ticket #${r.ticketId} closed with the summary`,
    patch: { haloAssetId: r.assetId, haloTicketId: r.ticketId },
  };
};

/** Every step of the runbook's onboarding by its name; the record keeps the names. */
const RUNS: Record<StepName, StepRun> = {
  'Baseline sheet recorded': recordSheet,
  'Action1 agent install link sent': sendInstallLink,
  'Device checked in': awaitCheckIn,
  'Remote control verified': verifyRemote,
  'Initial inventory and patch scan': firstScan,
  'Standard patch policy applied': applyPolicy,
  'Customer group and maintenance window in place': checkWindow,
  'Baseline health report posted': postBaseline,
  'Recorded in HaloPSA': recordInPsa,
};

/** Runs the named step once. Each step may run again after a failure or restart: all are idempotent. */
export async function runStep(name: string, c: StepContext): Promise<StepOutcome> {
  const run = (RUNS as Record<string, StepRun | undefined>)[name];
  if (!run) return { state: 'failed', error: `no step "${name}"` };
  return run(c);
}

export const stepLine = (
  n: number,
  step: Step,
  timeZone: string,
): { title: string; value: string } => {
  const mark = {
    pending: '⬜',
    running: '⏳',
    waiting: '⏳',
    done: '✅',
    skipped: '➖',
    failed: '❌',
  }[step.state];
  const when = step.at ? `${clockTime(step.at, timeZone)} · ` : '';
  return {
    title: `${mark} ${n + 1}. ${step.name}`,
    value: `${when}${step.error ?? step.result ?? step.state}`,
  };
};
