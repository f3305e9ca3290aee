import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { ChannelPoster, Log } from '../core/ports';
import type { Fleet } from '../core/fleet';
import { onOneInstance } from '../core/one-instance';
import { OnboardingRunner } from '../onboarding/onboarding-runner';
import { OnboardingDesk } from '../onboarding/onboarding-desk';
import { onboardingCard } from '../onboarding/onboarding-card';
import type { OnboardingTools } from '../onboarding/onboarding-tools';
import type { Onboarding } from '../onboarding/onboarding';
import { periodFor } from '../reports/report-period';
import type { ReportDesk } from '../reports/report-desk';
import type { PolicyWiring } from './policy';
import type { ChatAccessAudiences } from '../bots/access-audiences';
import { installTypeFor, type Action1Client } from '../integrations/action1/action1-client';
import type { HaloPsaClient } from '../integrations/halopsa/halopsa-client';

export interface OnboardingWiring {
  desk: OnboardingDesk;
  runner: OnboardingRunner;
  /** Every minute, on one instance: check-ins polled, reminders, steps after a restart. */
  schedule(): ScheduledTask;
}

/** How long onboarding waits for the test session to connect, asking every few seconds. */
const REMOTE_CONNECT_MS = 60_000;
const REMOTE_POLL_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function wireOnboarding(o: {
  config: Readonly<Config>;
  store: Store;
  action1: Action1Client;
  fleet: Fleet;
  poster: ChannelPoster;
  audiences: ChatAccessAudiences;
  policy: PolicyWiring;
  reports: ReportDesk;
  halo?: HaloPsaClient;
  /** Registers background work so shutdown waits for it. */
  track: (work: Promise<unknown>) => void;
  clock?: () => Date;
  log: Log;
}): OnboardingWiring {
  const customers = o.config.file.customers;
  const customer = (id: string) => customers.find((c) => c.id === id);
  const name = (id: string) => customer(id)?.name ?? id;
  const halo = o.halo;
  const psaClient = (id: string) => (halo ? customer(id)?.halopsa?.clientId : undefined);

  async function recordInPsa(ob: Onboarding) {
    const clientId = psaClient(ob.customer);
    if (!halo || clientId === undefined) throw new Error('HaloPSA is not set up for this customer');
    const known = (await halo.assets(clientId)).find(
      (a) => a.inventory_number === ob.sheet.hostname,
    );
    const assetId =
      known?.id ??
      (await halo.createAsset({ inventory_number: ob.sheet.hostname, client_id: clientId })).id;
    const summary = ob.steps
      .map((s, i) => `${i + 1}. ${s.name}: ${s.result ?? s.state}`)
      .join('\n');
    const ticketId =
      ob.haloTicketId ??
      (
        await halo.createTicket({
          summary: `Onboarded ${ob.sheet.hostname} (${ob.sheet.os}, ${ob.sheet.user}, ${ob.sheet.location})`,
          details: summary,
          client_id: clientId,
        })
      ).id;
    await halo.updateTicket(ticketId, { status_id: await halo.closedStatus() });
    return { assetId, ticketId };
  }

  const tools: OnboardingTools = {
    async installLink(orgId, os) {
      return (await o.action1.agentInstallation(orgId, installTypeFor(os))).download_URL;
    },
    async findDevice(orgId, hostname) {
      const wanted = hostname.toLowerCase();
      return (await o.fleet.endpoints(orgId)).find((e) => e.name.toLowerCase() === wanted);
    },
    async testRemote(orgId, deviceId) {
      // Remote control works once the session says connected: yes (Action1's contract).
      const asked = await o.action1.startRemoteSession(orgId, deviceId);
      const until = Date.now() + REMOTE_CONNECT_MS;
      for (let s = asked; ; await sleep(REMOTE_POLL_MS)) {
        if (s.connected === 'yes') return `remote control works (Action1 session ${s.id})`;
        if (Date.now() > until)
          throw new Error(
            `Action1 opened session ${asked.id}, but it did not connect within ${REMOTE_CONNECT_MS / 1000} s`,
          );
        s = await o.action1.remoteSession(orgId, deviceId, asked.id);
      }
    },
    async scan(orgId, deviceId) {
      await o.action1.requeryEndpoint(orgId, deviceId);
      const e = await o.fleet.endpoint(orgId, deviceId);
      return `${e.missingCritical} critical and ${e.missingOther} other updates missing${e.rebootRequired ? '; reboot pending' : ''}`;
    },
    async applyPolicy(id) {
      const c = o.policy.customers.find((x) => x.id === id);
      if (!c) throw new Error(`unknown customer ${id}`);
      return o.policy.desk.apply(c);
    },
    async windowInAction1(id) {
      const c = o.policy.customers.find((x) => x.id === id);
      return c && o.policy.desk.windowInAction1(c);
    },
    async postBaseline(id, place) {
      const when = periodFor('baseline', o.clock?.() ?? new Date());
      if (!when.ok) throw new Error(when.problem);
      await o.reports.deliver('baseline', id, when.period, place);
    },
    ...(halo ? { recordInPsa } : {}),
    async tellTech(ob, reply) {
      const mine = ob.place.kind === 'personal' ? ob.place : await o.audiences.privately(ob.tech);
      if (!mine && reply.private) return false;
      await o.poster.post(mine ?? ob.place, reply);
      return true;
    },
    async drawCard(ob) {
      const card = onboardingCard(ob, name(ob.customer));
      if (!ob.card) return o.poster.post(ob.place, card);
      await o.poster.update(ob.place, ob.card, card);
      return ob.card;
    },
  };
  const runner = new OnboardingRunner({
    store: o.store,
    tools,
    orgOf: (id) => customer(id)?.action1?.orgId,
    reminderMinutes: o.config.file.onboarding.checkInReminderMinutes,
    clock: o.clock,
    log: o.log,
  });
  return {
    runner,
    desk: new OnboardingDesk(
      runner,
      (id) => psaClient(id) !== undefined,
      () =>
        o.track(
          runner.run().catch((err: unknown) => o.log.error({ err }, 'onboarding round failed')),
        ),
    ),
    schedule: () =>
      cron.schedule('* * * * *', () => runner.run(), {
        name: 'onboarding',
        noOverlap: true,
        ...onOneInstance(o.store, 60_000),
      }),
  };
}
