import type { Server } from 'node:http';
import type { Router } from 'express';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { ConversationReference } from '@microsoft/agents-activity';
import type { TurnContext } from '@microsoft/agents-hosting';
import { AuditTrail } from '../core/audit';
import { AuditCheckpoints } from '../core/audit-checkpoints';
import { Dispatcher } from '../core/dispatcher';
import { Inbound } from '../core/inbound';
import { TenantGate } from '../core/tenant-gate';
import { buildRegistry } from '../commands';
import { CardTemplates } from '../cards/card-templates';
import { wireIdentity } from './identity';
import { resumeAfterSignIn } from '../identity/resume';
import { Notifier } from '../bots/notifier';
import { ChatPoster } from '../bots/channel-poster';
import type { AlertPoller } from '../alerts/alert-poller';
import type { Place } from '../core/invocation';
import { scheduleAlertPolling } from '../alerts/alert-schedule';
import type { ScheduledTask } from 'node-cron';
import { openStore } from '../store/open-store';
import { InFlight } from '../http/in-flight';
import { WorkQueue } from '../http/work-queue';
import { Metrics } from '../http/metrics';
import type { Logger } from './logger';
import { createHttpApp, listen } from '../http/server';
import { TeamsBot } from '../bots/teams/teams-bot';
import { createTeamsAdapter, teamsAuthConfig, teamsDoor } from '../bots/teams/teams-route';
import { describeTeamsDoor, teamsServiceHosts } from '../bots/teams/teams-gate';
import { wireSlack } from '../bots/slack/slack-edge';
import { Action1Client } from '../integrations/action1/action1-client';
import { Action1Fleet } from '../integrations/action1/action1-fleet';
import { HALOPSA_LIMIT, RequestBudget } from '../integrations/http/request-budget';
import { HaloPsaClient } from '../integrations/halopsa/halopsa-client';
import { startDemoBackends } from './demo';
import type { RemoteAccess } from './access';
import type { Reports } from './reports';
import { wireFeatures } from './features';
import { wireAlerts } from './alerts';
import type { PolicyWiring } from './policy';
import type { OnboardingWiring } from './onboarding';
import type { TicketDesk } from '../core/ports';

const DEMO_BANNER = 'DEMO DATA: a simulated fleet, not a real customer';

export interface Bot {
  config: Readonly<Config>;
  store: Store;
  audit: AuditTrail;
  dispatcher: Dispatcher;
  metrics: Metrics;
  inFlight: InFlight;
  poller: AlertPoller;
  /** Remote sessions and break-glass: the desk takes requests, the keeper moves them on. */
  access: RemoteAccess;
  reports: Reports;
  policy: PolicyWiring;
  onboarding: OnboardingWiring;
  http: ReturnType<typeof createHttpApp>;
  /** Listens on PORT (or the port given; 0 picks a free one) and returns the bound port. */
  start(port?: number, host?: string): Promise<number>;
  /** Stop taking requests, let in-flight work finish (up to the grace period), close the store. */
  stop(): Promise<void>;
}

/** The composition root: every real dependency is built here and nowhere else. */
export async function createBot(
  config: Readonly<Config>,
  log: Logger,
  /** Tests move time on with a clock of their own. */
  options: { clock?: () => Date } = {},
): Promise<Bot> {
  const demo = config.mode === 'demo' ? await startDemoBackends() : undefined;
  const action1Settings = demo?.action1 ?? config.action1;
  if (!action1Settings)
    throw new Error('Action1 settings missing outside demo mode (config should have refused)');
  const action1 = new Action1Client(action1Settings);
  const fleet = new Action1Fleet(action1);
  const haloSettings = demo?.halopsa ?? config.halopsa;
  const store = await openStore(config.env);
  // HaloPSA's published limit, shared by every instance on this store.
  const halo =
    haloSettings &&
    new HaloPsaClient({
      ...haloSettings,
      http: { budget: new RequestBudget(store, 'halopsa', HALOPSA_LIMIT) },
    });
  // Customers as commands and delivery see them; the HaloPSA id only when HaloPSA is set up.
  const customers = config.file.customers.map((c) => ({
    id: c.id,
    name: c.name,
    fleetId: c.action1?.orgId,
    haloClientId: halo ? c.halopsa?.clientId : undefined,
  }));
  const inFlight = new InFlight();
  const metrics = new Metrics();
  const cards = new CardTemplates(undefined, config.mode === 'demo' ? DEMO_BANNER : undefined);
  const audit = new AuditTrail(store, config.audit.key);
  const checkpoints = new AuditCheckpoints(audit, log, config.audit.checkpointFile);
  const mspTenants = [config.env.ENTRA_TENANT_ID, config.teams.tenantId].filter(
    (t): t is string => !!t,
  );
  const tenants = new TenantGate(
    mspTenants,
    config.file.customers.flatMap((c) => c.entraTenantIds),
  );
  (config.teams.door === 'authenticated' ? log.info : log.warn).call(
    log,
    { teamsDoor: config.teams.door },
    describeTeamsDoor(config.teams.door),
  );
  if (!tenants.enforced)
    log.warn(
      'no MSP tenant set (ENTRA_TENANT_ID or TEAMS_TENANT_ID): Teams users from any tenant are let in',
    );
  const identity = wireIdentity(config, store, tenants, log);
  const dispatcher = new Dispatcher({
    registry: buildRegistry(),
    roles: identity.roles,
    identity: identity.signIn,
    stepUpMinutes: config.file.security.stepUpMinutes,
    demo: config.mode === 'demo',
    audit,
    customers,
    fleet,
    store,
    log,
    telemetry: metrics,
    track: (work) => void inFlight.track(work),
    tenants,
    clock: options.clock,
  });

  const inbound = new Inbound(store, config.file.customers);
  const teamsAuth = teamsAuthConfig(config.teams);
  const serviceHosts = teamsServiceHosts(config.teams.door, config.teams.serviceHosts);
  const adapter = createTeamsAdapter(teamsAuth, log, serviceHosts);
  const proactive = (
    reference: ConversationReference,
    send: (context: TurnContext) => Promise<void>,
  ) => adapter.continueConversation(config.teams.appId ?? 'local', reference, send);
  const teamsBot = new TeamsBot(proactive, inbound, dispatcher, cards, store, log);
  // One queue for both doors: what limits the work is this process and the systems it calls.
  const queue = new WorkQueue(config.env.WORK_AT_ONCE, config.env.WORK_WAITING_MAX, (channel) =>
    metrics.refused(channel),
  );
  metrics.watchWork(queue);
  const teams = teamsDoor({
    mode: config.teams.door,
    serviceHosts,
    auth: teamsAuth,
    adapter,
    bot: teamsBot,
    store,
    inFlight,
    queue,
    log,
  });
  const routers: Router[] = [];

  const chat = { store, inFlight, queue, inbound, dispatcher, cards, log };
  const slack = wireSlack(config.slack, chat);
  const poster = new ChatPoster({ slack: slack.app, teams: proactive, cards, store, log });
  const notifier = new Notifier(poster, log);
  const fallback: Place | undefined = config.file.msp.defaultChannel && {
    channel: config.file.msp.defaultChannel.channel,
    conversationId: config.file.msp.defaultChannel.id,
    kind: 'channel',
  };
  const tickets: TicketDesk | undefined = halo && {
    openTicket: async (t) =>
      (await halo.createTicket({ summary: t.summary, details: t.details, client_id: t.clientId }))
        .id,
  };
  const { delivery, poller } = wireAlerts({
    config,
    customers,
    fleet,
    store,
    poster,
    tickets,
    fallback,
    log,
  });
  dispatcher.attach({ alertsChanged: () => void inFlight.track(delivery.kick()) });
  const { access, reports, policy, onboarding } = wireFeatures({
    config,
    store,
    audit,
    poster,
    slack: slack.app,
    action1,
    fleet,
    halo,
    tickets,
    customers,
    fallback,
    dispatcher,
    inFlight,
    clock: options.clock,
    log,
  });
  routers.push(reports.router);
  identity.onSignedIn(resumeAfterSignIn({ inbound, dispatcher, notifier }));
  identity.chatEmails(async (actor) => {
    if (actor.channel !== 'slack' || !slack.app) return undefined;
    const res = await slack.app.client.users.info({ user: actor.userId });
    return res.user?.profile?.email;
  });
  if (identity.signIn) routers.push(identity.signIn.router());

  let polling: ScheduledTask | undefined;
  let keeping: ScheduledTask | undefined;
  let reporting: ScheduledTask[] = [];
  // Retries wait out their notBefore; a light tick picks them up (and anything a crash left).
  let deliveryTick: NodeJS.Timeout | undefined;
  let checkpointTick: NodeJS.Timeout | undefined;

  let stopping = false;
  let server: Server | undefined;
  const http = createHttpApp({
    doors: [teams, slack.door],
    routers,
    metrics,
    log,
    isStopping: () => stopping,
    readiness: [
      { name: 'store', check: () => store.ping() },
      { name: 'action1', check: cachedCheck(60_000, () => action1.organizations()) },
    ],
  });

  return {
    config,
    store,
    audit,
    dispatcher,
    metrics,
    inFlight,
    poller,
    access,
    reports,
    policy,
    onboarding,
    http,
    async start(port = config.env.PORT, host) {
      server = await listen(http, port, host);
      await slack.socketApp?.start();
      polling = scheduleAlertPolling(
        () => inFlight.track(poller.cycle()),
        config.file.alerts.pollMinutes,
        store,
        log,
      );
      keeping = access.schedule();
      reporting = [...reports.schedule(), policy.schedule(), onboarding.schedule()];
      // Shutdown waits for a poll or delivery under way before it closes the store.
      deliveryTick = setInterval(() => void inFlight.track(delivery.kick()), 5000);
      deliveryTick.unref();
      checkpointTick = checkpoints.every(config.audit.checkpointMinutes);
      if (config.file.alerts.pollOnStart) void inFlight.track(poller.cycle());
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await polling?.stop();
      await keeping?.stop();
      for (const task of reporting) await task.stop();
      clearInterval(deliveryTick);
      const closed = new Promise<void>((resolve) =>
        server ? server.close(() => resolve()) : resolve(),
      );
      server?.closeIdleConnections();
      const drained = await inFlight.drain(config.env.SHUTDOWN_GRACE_MS);
      if (!drained)
        log.warn({ pending: inFlight.size }, 'shutdown grace period ended with work still running');
      server?.closeAllConnections();
      await closed;
      clearInterval(checkpointTick);
      // The head as we leave it, so a trail cut while we were down is caught.
      await checkpoints
        .keep()
        .catch((err: unknown) => log.error({ err }, 'audit checkpoint at shutdown failed'));
      await slack.socketApp?.stop();
      await store.close();
      await demo?.stop();
    },
  };
}

/** Readiness probes come every few seconds; an outside system is asked at most once a period. */
function cachedCheck(periodMs: number, probe: () => Promise<unknown>): () => Promise<void> {
  let last: { at: number; error?: Error } | undefined;
  return async () => {
    if (!last || Date.now() - last.at > periodMs || last.error) {
      last = await probe().then(
        () => ({ at: Date.now() }),
        (error: Error) => ({ at: Date.now(), error }),
      );
    }
    if (last.error) throw last.error;
  };
}
