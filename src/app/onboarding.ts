import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Customer } from '../config/customer';
import type { Store } from '../core/store';
import type { ChannelPoster, Log } from '../core/ports';
import type { Fleet } from '../core/fleet';
import { onOneInstanceEvery } from '../core/one-instance';
import { OnboardingRunner } from '../onboarding/onboarding-runner';
import { OnboardingDesk } from '../onboarding/onboarding-desk';
import { onboardingChat } from '../onboarding/onboarding-chat';
import type { ReportDesk } from '../reports/report-desk';
import { policyOnboardingTools, type PolicyDesk } from '../policy/policy-desk';
import type { ChatAccessAudiences } from '../bots/access-audiences';
import type { Action1Client } from '../integrations/action1/action1-client';
import { action1OnboardingTools } from '../integrations/action1/action1-onboarding';
import type { HaloPsaClient } from '../integrations/halopsa/halopsa-client';
import { haloOnboardingTools } from '../integrations/halopsa/halo-onboarding';

export interface OnboardingParts {
  desk: OnboardingDesk;
  runner: OnboardingRunner;
  /** Every minute, on one instance: check-ins polled, reminders, steps after a restart. */
  schedule(): ScheduledTask;
}

/** Onboarding a device (runbook section 3): its steps done by Action1, the policy, reports, HaloPSA. */
export function buildOnboarding(parts: {
  config: Readonly<Config>;
  customers: readonly Customer[];
  store: Store;
  action1: Action1Client;
  fleet: Fleet;
  poster: ChannelPoster;
  audiences: ChatAccessAudiences;
  policy: PolicyDesk;
  reports: ReportDesk;
  halo?: HaloPsaClient;
  /** Registers background work so shutdown waits for it. */
  track: (work: Promise<unknown>) => void;
  clock?: () => Date;
  log: Log;
}): OnboardingParts {
  const { customers, log } = parts;
  const now = () => parts.clock?.() ?? new Date();
  const runner = new OnboardingRunner({
    store: parts.store,
    tools: {
      ...action1OnboardingTools(parts.action1, parts.fleet),
      ...policyOnboardingTools(parts.policy, customers),
      postBaseline: (id, place) => parts.reports.deliverBaseline(id, place, now()),
      ...haloOnboardingTools(parts.halo, customers),
      ...onboardingChat({
        poster: parts.poster,
        privately: (person) => parts.audiences.privately(person),
        customer: (id) => customers.find((c) => c.id === id) ?? { name: id, timezone: 'UTC' },
      }),
    },
    customers,
    reminderMinutes: parts.config.file.onboarding.checkInReminderMinutes,
    clock: parts.clock,
    log,
  });
  const desk = new OnboardingDesk(runner, customers, () =>
    parts.track(
      runner.run().catch((err: unknown) => log.error({ err }, 'onboarding round failed')),
    ),
  );
  return {
    runner,
    desk,
    schedule: () =>
      onOneInstanceEvery(parts.store, '* * * * *', 'onboarding', () => runner.run(), {
        leaseMs: 60_000,
      }),
  };
}
