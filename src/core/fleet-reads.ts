import { randomBytes } from 'node:crypto';
import type { Endpoint, Fleet } from './fleet';
import type { FleetSnapshots } from './fleet-snapshot';
import type { Store } from './store';

/** A customer's devices as a command shows them, and how current they are. */
export interface FleetView {
  endpoints: Endpoint[];
  /** When the devices were read from the RMM. */
  asOf: Date;
  /** Read just now for this answer (no snapshot, a stale one, or Refresh). */
  live: boolean;
}

export interface FleetReadSettings {
  /** A snapshot older than this is not shown; the devices are read live instead. */
  maxAgeMs: number;
  /** A Refresh within this long of another's live read shows that read instead of a new one. */
  refreshWithinMs?: number;
  /** How long one instance holds a customer's live read before another may start one. */
  leaseMs?: number;
  clock?: () => Date;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * How fleet commands read a customer's devices: from the shared snapshot the poll leaves while
 * it is young enough, otherwise (or on Refresh) from the RMM. Live reads of one organization on
 * one instance share one request; across instances a short lease lets one instance read while
 * the others wait for the snapshot it writes, so a storm of Refresh clicks is one listing.
 */
export class FleetReads {
  private readonly inFlight = new Map<string, Promise<FleetView>>();
  private readonly instance = randomBytes(6).toString('hex');

  constructor(
    private readonly fleet: Fleet,
    private readonly snapshots: FleetSnapshots | undefined,
    private readonly store: Store,
    private readonly settings: FleetReadSettings,
  ) {}

  private now(): Date {
    return this.settings.clock?.() ?? new Date();
  }

  async endpoints(org: string, options: { live?: boolean } = {}): Promise<FleetView> {
    const snapshot = this.snapshots && (await this.snapshots.read(org).catch(() => undefined));
    if (snapshot) {
      const age = this.now().getTime() - snapshot.asOf.getTime();
      const limit = options.live
        ? (this.settings.refreshWithinMs ?? 15_000)
        : this.settings.maxAgeMs;
      if (age <= limit) return { ...snapshot, live: false };
    }
    let read = this.inFlight.get(org);
    if (!read) {
      read = this.readLive(org, snapshot?.asOf).finally(() => this.inFlight.delete(org));
      this.inFlight.set(org, read);
    }
    return read;
  }

  /** When the last poll began (what alerts are as current as); undefined without snapshots. */
  lastPoll(): Promise<Date | undefined> {
    return this.snapshots?.lastPoll() ?? Promise.resolve(undefined);
  }

  /** `shown` is the snapshot's time when the read began: anything newer answers a waiter. */
  private async readLive(org: string, shown: Date | undefined): Promise<FleetView> {
    const asked = this.now();
    const lease = `fleet-read:${org}`;
    const leaseMs = this.settings.leaseMs ?? 10_000;
    const mine = !this.snapshots || (await this.store.acquireLease(lease, this.instance, leaseMs));
    if (!mine) {
      // Another instance is reading this organization: its snapshot is the answer.
      const theirs = await this.awaitSnapshot(org, shown, leaseMs);
      if (theirs) return theirs;
    }
    try {
      const endpoints = await this.fleet.endpoints(org);
      // The answer does not wait on the snapshot: a store that fails here costs the next
      // asker a live read, not this one their answer.
      await this.snapshots?.record(org, endpoints, asked, { confirm: true }).catch(() => undefined);
      return { endpoints, asOf: asked, live: true };
    } finally {
      if (mine && this.snapshots) await this.store.releaseLease(lease, this.instance);
    }
  }

  private async awaitSnapshot(
    org: string,
    shown: Date | undefined,
    waitMs: number,
  ): Promise<FleetView | undefined> {
    const until = Date.now() + waitMs;
    while (Date.now() < until) {
      await pause(100);
      const snapshot = await this.snapshots?.read(org);
      if (snapshot && (!shown || snapshot.asOf > shown)) return { ...snapshot, live: true };
    }
    return undefined;
  }
}
