import type { Config } from '../config/config';
import type { Store } from '../core/store';
import type { Place } from '../core/invocation';
import type { ChannelPoster, Log, TicketDesk } from '../core/ports';
import type { CustomerRef } from '../core/command';
import type { Fleet } from '../core/fleet';
import { AlertDelivery } from '../alerts/alert-delivery';
import { AlertPoller } from '../alerts/alert-poller';
import { effectivePolicy } from '../policy/policy-desk';

/** Alerts: the poller that finds them in Action1 and the delivery that posts their cards. */
export function wireAlerts(o: {
  config: Readonly<Config>;
  customers: readonly CustomerRef[];
  fleet: Fleet;
  store: Store;
  poster: ChannelPoster;
  tickets?: TicketDesk;
  fallback?: Place;
  log: Log;
}): { delivery: AlertDelivery; poller: AlertPoller } {
  const { config, customers, fleet, store, poster, tickets, fallback, log } = o;
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
  const poller: AlertPoller = new AlertPoller({
    customers: config.file.customers.flatMap((c) =>
      c.action1
        ? [
            {
              id: c.id,
              name: c.name,
              fleetId: c.action1.orgId,
              timezone: c.timezone,
              maintenanceWindow: c.maintenanceWindow,
              policy: effectivePolicy(config.file.policy, c.policy),
            },
          ]
        : [],
    ),
    fleet,
    store,
    delivered: () => delivery.kick(),
    fallback,
    policy: config.file.policy,
    stormThreshold: config.file.alerts.stormThreshold,
    log,
  });
  return { delivery, poller };
}
