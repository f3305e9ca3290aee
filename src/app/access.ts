import type { ScheduledTask } from 'node-cron';
import type { Config } from '../config/config';
import type { Customer } from '../config/customer';
import type { Store } from '../core/store';
import type { AuditTrail } from '../core/audit';
import type { ChannelPoster, Log, TicketDesk } from '../core/ports';
import { onOneInstanceEvery } from '../core/one-instance';
import { AccessRecords } from '../access/access-records';
import { AccessDesk } from '../access/access-desk';
import { AccessKeeper } from '../access/access-keeper';
import { pruneAccessRecords } from '../access/access-retention';
import type { RemoteSessions } from '../access/access-ports';
import type { ChatAccessAudiences } from '../bots/access-audiences';

export interface RemoteAccess {
  desk: AccessDesk;
  keeper: AccessKeeper;
  /** Every minute, on one instance: reminders, escalations, expiry, session ends, reviews. */
  schedule(): ScheduledTask;
  /** Daily, on one instance: records past `remoteAccess.keepRecordsDays` are deleted, audited. */
  retention(): ScheduledTask;
}

/** Remote sessions and break-glass (runbook section 5): records, then keeper, then desk. */
export function buildAccess(parts: {
  config: Readonly<Config>;
  customers: readonly Customer[];
  store: Store;
  audit: AuditTrail;
  poster: ChannelPoster;
  audiences: ChatAccessAudiences;
  sessions: RemoteSessions;
  tickets?: TicketDesk;
  track: (work: Promise<unknown>) => void;
  clock?: () => Date;
  log: Log;
}): RemoteAccess {
  const { config, store } = parts;
  const records = new AccessRecords(store, parts.customers, config.file.remoteAccess);
  const keeper = new AccessKeeper({
    records,
    audiences: parts.audiences,
    poster: parts.poster,
    sessions: parts.sessions,
    audit: parts.audit,
    tickets: parts.tickets,
    clock: parts.clock,
    leaseMs: config.file.alerts.sendLeaseSeconds * 1000,
    log: parts.log,
  });
  const desk = new AccessDesk({
    records,
    audiences: parts.audiences,
    tickets: !!parts.tickets,
    changed: () => parts.track(keeper.run()),
  });
  return {
    desk,
    keeper,
    schedule: () =>
      onOneInstanceEvery(store, '* * * * *', 'access-keeper', () => keeper.run(), {
        leaseMs: 60_000,
      }),
    retention: () =>
      onOneInstanceEvery(store, '17 4 * * *', 'access-retention', async () => {
        await pruneAccessRecords({
          book: records.book,
          customers: parts.customers,
          keepDays: config.file.remoteAccess.keepRecordsDays,
          audit: parts.audit,
          now: parts.clock?.() ?? new Date(),
        });
      }),
  };
}
