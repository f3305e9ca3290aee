import type { App } from '@slack/bolt';
import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { AuditTrail } from '../core/audit';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log, TicketDesk } from '../core/ports';
import type { CustomerRef } from '../core/command';
import type { Fleet } from '../core/fleet';
import type { Dispatcher } from '../core/dispatcher';
import type { InFlight } from '../http/in-flight';
import type { Action1Client } from '../integrations/action1/action1-client';
import type { HaloPsaClient } from '../integrations/halopsa/halopsa-client';
import { wireAccess } from './access';
import { wireReports } from './reports';
import { wirePolicy } from './policy';
import { wireOnboarding } from './onboarding';

/**
 * The runbook's features that post through the chat side (so they come after it): remote
 * access, reports, the patch policy, onboarding. Each is attached to the dispatcher here.
 */
export function wireFeatures(o: {
  config: Readonly<Config>;
  store: Store;
  audit: AuditTrail;
  poster: ChannelPoster;
  slack?: App;
  action1: Action1Client;
  fleet: Fleet;
  halo?: HaloPsaClient;
  tickets?: TicketDesk;
  customers: readonly CustomerRef[];
  fallback?: Place;
  dispatcher: Dispatcher;
  inFlight: InFlight;
  clock?: () => Date;
  log: Log;
}) {
  const {
    config,
    store,
    audit,
    poster,
    action1,
    fleet,
    halo,
    tickets,
    customers,
    fallback,
    dispatcher,
    inFlight,
    clock,
    log,
  } = o;
  const track = (work: Promise<unknown>) => void inFlight.track(work);
  const access = wireAccess({
    config,
    store,
    audit,
    poster,
    action1,
    tickets,
    fleetIds: new Map(customers.map((c) => [c.id, c.fleetId])),
    haloIds: new Map(customers.map((c) => [c.id, c.haloClientId])),
    track,
    clock,
    log,
  });
  dispatcher.attach({ access: access.desk });
  const reports = wireReports({
    config,
    store,
    audit,
    poster,
    slack: o.slack,
    fleet,
    action1,
    halo,
    customers,
    fallback,
    clock,
    log,
  });
  dispatcher.attach({ reports: reports.desk });
  const policy = wirePolicy({ config, store, action1, poster, fallback, log });
  dispatcher.attach({ policy });
  const onboarding = wireOnboarding({
    config,
    store,
    action1,
    fleet,
    poster,
    audiences: access.audiences,
    policy,
    reports: reports.desk,
    halo,
    track,
    clock,
    log,
  });
  dispatcher.attach({ onboarding: onboarding.desk });
  return { access, reports, policy, onboarding };
}
