import { cardReply, textReply } from '../core/reply';
import type { Onboarding, Step } from './onboarding';
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
}

const minutesSince = (iso: string, now: Date) => (now.getTime() - new Date(iso).getTime()) / 60_000;

/** Runs step `i` once. Each step may run again after a failure or restart: all are idempotent. */
export async function runStep(i: number, c: StepContext): Promise<StepOutcome> {
  const { o, orgId, tools, now } = c;
  const s = o.sheet;
  switch (i) {
    case 0:
      return { state: 'done', result: `${s.hostname}, user ${s.user}, ${s.os}, ${s.location}` };
    case 1: {
      const url = await tools.installLink(orgId, s.os);
      // A button, not text: links in text are never clickable (they may have come from anyone).
      const sent = await tools.tellTech(
        o,
        cardReply(
          'install-link',
          {
            title: `Action1 agent for ${s.hostname}`,
            facts: [
              { title: 'Customer', value: o.customer },
              { title: 'Device', value: `${s.hostname}, ${s.os}` },
            ],
            url,
          },
          `Action1 agent for ${s.hostname} (${o.customer}): the install link is on this card`,
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
    }
    case 2: {
      const device = await tools.findDevice(orgId, s.hostname);
      if (device)
        return {
          state: 'done',
          result: `checked in as ${device.name}`,
          patch: { deviceId: device.id },
        };
      const since = o.waitingSince ?? now.toISOString();
      if (!o.reminded && minutesSince(since, now) >= c.reminderMinutes) {
        await tools.tellTech(
          o,
          textReply(
            `${s.hostname} has not checked in after ${c.reminderMinutes} minutes. Is the Action1 agent installed and the device online? Cancel on the card if it is not coming.`,
          ),
        );
        return {
          state: 'waiting',
          result: `waiting since ${since.slice(11, 16)} UTC; technician reminded`,
          patch: { waitingSince: since, reminded: true },
        };
      }
      return {
        state: 'waiting',
        result: `waiting since ${since.slice(11, 16)} UTC`,
        patch: { waitingSince: since },
      };
    }
    case 3:
      return { state: 'done', result: await tools.testRemote(orgId, o.deviceId ?? '') };
    case 4:
      return { state: 'done', result: await tools.scan(orgId, o.deviceId ?? '') };
    case 5: {
      const done = await tools.applyPolicy(o.customer);
      return {
        state: 'done',
        result:
          done.length === 0 ? 'already in line' : `${done.length} change(s): ${done.join('; ')}`,
      };
    }
    case 6: {
      const window = await tools.windowInAction1(o.customer);
      if (!window)
        return {
          state: 'failed',
          error: `no maintenance window for ${o.customer}: set customers[].maintenanceWindow in the config, then Retry`,
        };
      return { state: 'done', result: `in group "MSP Standard Policy"; ${window}` };
    }
    case 7:
      await tools.postBaseline(o.customer, o.place);
      return { state: 'done', result: 'baseline health PDF posted in this conversation' };
    case 8: {
      if (!tools.recordInPsa) return { state: 'skipped', result: 'HaloPSA is not set up' };
      const r = await tools.recordInPsa(o);
      return {
        state: 'done',
        result: `asset #${r.assetId}; ticket #${r.ticketId} closed with the summary`,
        patch: { haloAssetId: r.assetId, haloTicketId: r.ticketId },
      };
    }
    default:
      return { state: 'failed', error: `no step ${i + 1}` };
  }
}

export const stepLine = (n: number, step: Step): { title: string; value: string } => {
  const mark = {
    pending: '⬜',
    running: '⏳',
    waiting: '⏳',
    done: '✅',
    skipped: '➖',
    failed: '❌',
  }[step.state];
  const when = step.at ? `${step.at.slice(11, 16)} UTC · ` : '';
  return {
    title: `${mark} ${n + 1}. ${step.name}`,
    value: `${when}${step.error ?? step.result ?? step.state}`,
  };
};
