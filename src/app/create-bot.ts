import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import { demoPersonas } from '../config/demo-personas';
import type { Store } from '../core/store';
import { AuditTrail } from '../core/audit';
import { AuditCheckpoints } from '../core/audit-checkpoints';
import { Dispatcher } from '../core/dispatcher';
import { Inbound } from '../core/inbound';
import { TenantGate } from '../core/tenant-gate';
import { buildRegistry } from '../commands';
import type { CommandServices } from '../commands/services';
import { CardTemplates, DEMO_BANNER } from '../cards/card-templates';
import { InFlight } from '../http/in-flight';
import { Metrics } from '../http/metrics';
import { createHttpApp, listen } from '../http/server';
import { cachedCheck } from '../http/readiness';
import { resumeAfterSignIn } from '../bots/resume-after-sign-in';
import { StoredDemoPersonas } from '../bots/demo-persona-desk';
import { logTeamsDoor } from '../bots/teams/teams-gate';
import { slackEmailOf } from '../bots/slack/slack-emails';
import { meshEnrolled } from '../integrations/meshcentral/mesh-enrolled';
import { FleetReads } from '../core/fleet-reads';
import { writeThrough } from '../core/write-through-fleet';
import { FleetRemoteSessions } from '../integrations/fleet-remote-sessions';
import { scheduleAlertPolling } from '../alerts/alert-schedule';
import type { AlertPoller } from '../alerts/alert-poller';
import type { Logger } from './logger';
import { buildIdentity } from './identity';
import { buildOutsideSystems } from './outside';
import { buildChatEdges, defaultPlace, listenOnChat } from './chat';
import { buildAlerts } from './alerts';
import { buildSecurity, type SecurityParts } from './security';
import { buildAccess, type RemoteAccess } from './access';
import { buildReports, type Reports } from './reports';
import { buildConsoleAudit, type ConsoleAudit } from './console-audit';
import { buildBackups, type Backups } from './backups';
import { webRouters } from './portal';
import { buildPolicy, type PolicyParts } from './policy';
import { buildOnboarding, type OnboardingParts } from './onboarding';

export interface Bot {
  config: Readonly<Config>;
  store: Store;
  audit: AuditTrail;
  dispatcher: Dispatcher<CommandServices>;
  metrics: Metrics;
  inFlight: InFlight;
  poller: AlertPoller;
  security: SecurityParts;
  /** Remote sessions and break-glass: the desk takes requests, the keeper moves them on. */
  access: RemoteAccess;
  reports: Reports;
  policy: PolicyParts;
  onboarding: OnboardingParts;
  /** Action1's own audit events, read on a schedule and kept beside the trail. */
  consoleAudit: ConsoleAudit;
  backups: Backups;
  http: ReturnType<typeof createHttpApp>;
  /** Listens on PORT (or the port given; 0 picks a free one) and returns the bound port. */
  start(port?: number, host?: string): Promise<number>;
  /** Stop taking requests, let in-flight work finish (up to the grace period), close the store. */
  stop(): Promise<void>;
}

/**
 * The composition root: every real dependency is built here and nowhere else, in one direction:
 * outside systems and the store, then the chat edges and posters, then the features, then the
 * dispatcher, and the listeners (Teams, Slack, sign-in) last. Nothing is attached afterwards.
 */
export async function createBot(
  config: Readonly<Config>,
  log: Logger,
  /** Tests move time on with a clock of their own. */
  options: { clock?: () => Date } = {},
): Promise<Bot> {
  const { clock } = options;
  // Outside systems, the store and the customers.
  const outside = await buildOutsideSystems(config);
  const { demo, store, action1, halo, tickets, mesh, customers, snapshots, wazuh } = outside;
  // Fleet commands answer from the poll's snapshot while it is young enough (0: always live).
  const { capacity, alerts: alertSettings } = config.file;
  const snapshotMinutes = capacity.snapshotMaxAgeMinutes ?? alertSettings.pollMinutes;
  const snapshot = snapshotMinutes > 0 ? snapshots : undefined;
  const fleet = snapshot ? writeThrough(outside.fleet, snapshot) : outside.fleet;
  const fleetReads = new FleetReads(fleet, snapshot, store, {
    maxAgeMs: snapshotMinutes * 60_000,
    clock,
  });

  // The kernel's own parts.
  const inFlight = new InFlight();
  const track = (work: Promise<unknown>) => void inFlight.track(work);
  const metrics = new Metrics();
  const cards = new CardTemplates(undefined, config.mode === 'demo' ? DEMO_BANNER : undefined);
  const audit = new AuditTrail(store, config.audit.key);
  const checkpoints = new AuditCheckpoints(audit, log, config.audit.checkpointFile);
  const tenants = new TenantGate(
    [config.env.ENTRA_TENANT_ID, config.teams.tenantId].filter((t): t is string => !!t),
    customers.flatMap((c) => c.entraTenantIds),
  );
  logTeamsDoor(config.teams.door, log);
  if (tenants.warning) log.warn(tenants.warning);

  // Chat edges and posters: Teams' adapter, Slack's app (no listeners yet), the poster.
  const chat = buildChatEdges({ config, store, inFlight, metrics, cards, log });
  const { slack, poster, notifier, audiences } = chat;
  const fallback = defaultPlace(config);
  const identity = buildIdentity({
    config,
    store,
    tenants,
    chatEmail: slackEmailOf(slack.app),
    log,
  });

  // The runbook's features.
  const common = { config, customers, store, poster, fallback, clock, log };
  const { delivery, poller } = buildAlerts({ ...common, fleet, snapshots: snapshot, tickets });
  // The intake answers Wazuh at once; delivery posts the cards on its own.
  const security = buildSecurity({
    ...common,
    wazuh,
    delivered: async () => track(delivery.kick()),
  });
  const access = buildAccess({
    ...common,
    audit,
    audiences,
    sessions: new FleetRemoteSessions(action1, mesh, log, clock),
    tickets,
    track,
  });
  const reports = buildReports({
    ...common,
    audit,
    slack: slack.app,
    fleet,
    fleetReads,
    action1,
    halo,
    meshEnrolled: meshEnrolled(mesh, customers),
    security: security.reportSources,
  });
  const policy = buildPolicy({ ...common, action1 });
  const consoleAudit = buildConsoleAudit({ store, action1, customers, log });
  const backups = buildBackups({ ...common, audit, adminChannel: () => audiences.adminChannel() });
  const onboarding = buildOnboarding({
    ...common,
    action1,
    fleet,
    audiences,
    policy: policy.desk,
    reports: reports.desk,
    halo,
    track,
  });

  // Demo mode lets a newcomer be each of the config's people in turn (`demo as …`).
  const personas =
    config.mode === 'demo' ? new StoredDemoPersonas(store, demoPersonas(config.file)) : undefined;

  // The dispatcher, with the services commands reach the features through.
  const dispatcher = new Dispatcher<CommandServices>({
    registry: buildRegistry({ demo: config.mode === 'demo' }),
    services: {
      customers,
      fleet,
      fleetReads,
      access: access.desk,
      reports: reports.desk,
      onboarding: onboarding.desk,
      policy: policy.desk,
      alertsChanged: () => track(delivery.kick()),
      auditTrail: audit,
      consoleAudit: consoleAudit.keeper,
      backups: backups.desk,
      personas,
    },
    roles: identity.roles,
    identity: identity.signIn,
    stepUpMinutes: config.file.security.stepUpMinutes,
    demo: config.mode === 'demo',
    audit,
    store,
    log,
    telemetry: metrics,
    track,
    tenants,
    clock,
  });

  // Listeners last: Teams, Slack, finished sign-ins, then the HTTP app that serves them.
  const inbound = new Inbound(
    store,
    customers,
    undefined,
    personas && ((a) => personas.actorFor(a)),
  );
  const doors = listenOnChat(chat, { config, store, inFlight, inbound, dispatcher, cards, log });
  identity.onSignedIn(resumeAfterSignIn({ inbound, dispatcher, notifier }));

  let polling: ScheduledTask | undefined;
  let scheduled: ScheduledTask[] = [];
  // Retries wait out their notBefore; a light tick picks them up (and anything a crash left).
  let deliveryTick: NodeJS.Timeout | undefined;
  let checkpointTick: NodeJS.Timeout | undefined;

  let stopping = false;
  let server: Server | undefined;
  const http = createHttpApp({
    doors: [...doors, ...security.doors],
    routers: webRouters({ ...common, identity, tenants, fleetReads, audit, reports }),
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
    security,
    access,
    reports,
    policy,
    onboarding,
    consoleAudit,
    backups,
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
      scheduled = [
        access.schedule(),
        access.retention(),
        ...reports.schedule(),
        policy.schedule(),
        onboarding.schedule(),
        consoleAudit.schedule(),
        ...[security.schedule(), backups.schedule()].filter((t) => t !== undefined),
      ];
      // Shutdown waits for a poll or delivery under way before it closes the store.
      deliveryTick = setInterval(() => track(delivery.kick()), 5000);
      deliveryTick.unref();
      checkpointTick = checkpoints.every(config.audit.checkpointMinutes);
      if (config.file.alerts.pollOnStart) track(poller.cycle());
      return (server.address() as AddressInfo).port;
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      await polling?.stop();
      for (const task of scheduled) await task.stop();
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
