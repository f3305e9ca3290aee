import cron, { type ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { AuditTrail } from '../core/audit';
import type { ChannelPoster, Log, TicketDesk } from '../core/ports';
import { AccessDesk } from '../access/access-desk';
import { AccessKeeper } from '../access/access-keeper';
import { ChatAccessAudiences } from '../bots/access-audiences';
import { FleetRemoteSessions } from '../integrations/fleet-remote-sessions';
import { MeshCentralClient } from '../integrations/meshcentral/meshcentral-client';
import type { Action1Client } from '../integrations/action1/action1-client';
import { onOneInstance } from '../core/one-instance';

export interface RemoteAccess {
  desk: AccessDesk;
  /** Who hears what, and how to reach a person privately (onboarding uses it too). */
  audiences: ChatAccessAudiences;
  keeper: AccessKeeper;
  /** Every minute, on one instance: reminders, escalations, expiry, session ends, reviews. */
  schedule(): ScheduledTask;
}

/** Remote sessions and break-glass (runbook section 5), built from config and the chat side. */
export function wireAccess(o: {
  config: Readonly<Config>;
  store: Store;
  audit: AuditTrail;
  poster: ChannelPoster;
  action1: Action1Client;
  tickets?: TicketDesk;
  fleetIds: ReadonlyMap<string, string | undefined>;
  haloIds: ReadonlyMap<string, number | undefined>;
  track: (work: Promise<unknown>) => void;
  clock?: () => Date;
  log: Log;
}): RemoteAccess {
  const { config } = o;
  const audiences = new ChatAccessAudiences({
    file: config.file,
    store: o.store,
    slack: !!config.slack,
    teams: true,
  });
  // The desk tells the keeper about changes; the keeper needs the desk: one is built first.
  const later: { keeper?: AccessKeeper } = {};
  const desk = new AccessDesk({
    store: o.store,
    audiences,
    customers: config.file.customers.map((c) => ({
      id: c.id,
      name: c.name,
      fleetId: o.fleetIds.get(c.id),
      haloClientId: o.haloIds.get(c.id),
      secondaryApprovers: c.secondaryApprovers,
      unattended: c.unattended,
      meshGroups: c.meshcentral?.groups ?? [],
    })),
    settings: config.file.remoteAccess,
    tickets: !!o.tickets,
    changed: () => later.keeper && o.track(later.keeper.run()),
  });
  const mesh = config.meshcentral && new MeshCentralClient(config.meshcentral);
  const keeper = new AccessKeeper({
    desk,
    audiences,
    poster: o.poster,
    sessions: new FleetRemoteSessions(o.action1, mesh, o.log, o.clock),
    audit: o.audit,
    tickets: o.tickets,
    clock: o.clock,
    leaseMs: config.file.alerts.sendLeaseSeconds * 1000,
    log: o.log,
  });
  later.keeper = keeper;
  return {
    desk,
    audiences,
    keeper,
    schedule: () =>
      cron.schedule('* * * * *', () => keeper.run(), {
        name: 'access-keeper',
        noOverlap: true,
        ...onOneInstance(o.store, 60_000),
      }),
  };
}
