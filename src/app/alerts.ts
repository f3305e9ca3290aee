import type { Config } from '../config/config';
import type { Customer } from '../config/customer';
import type { Store } from '../core/store';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log, TicketDesk } from '../core/ports';
import type { Fleet } from '../core/fleet';
import type { FleetSnapshots } from '../core/fleet-snapshot';
import { AlertDelivery } from '../alerts/alert-delivery';
import { AlertPoller, pollCustomers } from '../alerts/alert-poller';

/** Alerts: the poller that finds them in Action1 and the delivery that posts their cards. */
export function buildAlerts(parts: {
  config: Readonly<Config>;
  customers: readonly Customer[];
  fleet: Fleet;
  /** Where each poll leaves its snapshot; unset when snapshots are off. */
  snapshots?: FleetSnapshots;
  store: Store;
  poster: ChannelPoster;
  tickets?: TicketDesk;
  fallback?: Place;
  log: Log;
}): { delivery: AlertDelivery; poller: AlertPoller } {
  const { config, customers, fleet, store, poster, tickets, fallback, log } = parts;
  const delivery = new AlertDelivery({
    customers,
    tickets,
    store,
    poster,
    fallback,
    perChannelPerSecond: config.file.alerts.perChannelPerSecond,
    sendLeaseMs: config.file.alerts.sendLeaseSeconds * 1000,
    log,
  });
  const poller = new AlertPoller({
    customers: pollCustomers(customers, config.file.policy),
    fleet,
    snapshots: parts.snapshots,
    concurrency: config.file.alerts.pollConcurrency,
    store,
    delivered: () => delivery.kick(),
    fallback,
    policy: config.file.policy,
    stormThreshold: config.file.alerts.stormThreshold,
    log,
  });
  return { delivery, poller };
}
