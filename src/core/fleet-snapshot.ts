import { createHash } from 'node:crypto';
import type { Endpoint } from './fleet';
import type { Store } from './store';

/** A customer's devices as a poll (or a Refresh) last read them, and when that was. */
export interface FleetSnapshot {
  endpoints: Endpoint[];
  /** When the devices were last read from the RMM and found to be so. */
  asOf: Date;
}

interface Meta {
  takenAt: string;
  /** Digest of every device's stored form; null after a partial update (next poll re-diffs). */
  digest: string | null;
  devices: number;
}

/** The last poll: when it began and which organizations it could not read. */
interface PollMark {
  at: string;
  failed: readonly string[];
}

const metaKey = (org: string) => `fleet-snapshot:${org}`;
const devicesKey = (org: string) => `fleet-snapshot:${org}:devices`;
const POLL_MARK = 'fleet-snapshot:last-poll';

type Stored = [
  name: string,
  os: string,
  online: 0 | 1,
  lastSeen: number | null,
  reboot: 0 | 1,
  critical: number,
  other: number,
  user: string | null,
  attributes: Record<string, string> | null,
];

/** A device as one short JSON array: 50,000 of them stay a few megabytes. */
const encode = (e: Endpoint): string =>
  JSON.stringify([
    e.name,
    e.os,
    e.online ? 1 : 0,
    e.lastSeen ? e.lastSeen.getTime() : null,
    e.rebootRequired ? 1 : 0,
    e.missingCritical,
    e.missingOther,
    e.user ?? null,
    e.attributes ?? null,
  ] satisfies Stored);

function decode(id: string, value: string): Endpoint {
  const [name, os, online, lastSeen, reboot, critical, other, user, attributes] = JSON.parse(
    value,
  ) as Stored;
  return {
    id,
    name,
    os,
    online: online === 1,
    ...(lastSeen !== null && { lastSeen: new Date(lastSeen) }),
    rebootRequired: reboot === 1,
    missingCritical: critical,
    missingOther: other,
    ...(user !== null && { user }),
    ...(attributes !== null && { attributes }),
  };
}

function digestOf(encoded: ReadonlyMap<string, string>): string {
  const hash = createHash('sha1');
  for (const id of [...encoded.keys()].sort())
    hash
      .update(id)
      .update('\0')
      .update(encoded.get(id) ?? '');
  return hash.digest('base64');
}

/**
 * Per customer, the devices fleet commands need, in the store so every instance shares them.
 * Each device is one field of a map: a poll that finds k devices changed writes k fields and the
 * snapshot's header, and a poll of an unchanged organization writes nothing (its digest says so);
 * one mark per poll says when it last looked, so an unchanged snapshot still counts as fresh.
 * Reads are cached per instance and re-read only when the header's version moved.
 */
export class FleetSnapshots {
  private readonly decoded = new Map<string, { version: number; endpoints: Endpoint[] }>();

  constructor(private readonly store: Store) {}

  /**
   * Records a full listing of the organization as of `at`; returns the store writes it took.
   * `confirm` (a live read a person asked for) also moves the header's time when nothing changed.
   */
  async record(
    org: string,
    endpoints: readonly Endpoint[],
    at: Date,
    options: { confirm?: boolean } = {},
  ): Promise<number> {
    const encoded = new Map(endpoints.map((e) => [e.id, encode(e)]));
    const digest = digestOf(encoded);
    const stored = await this.store.get(metaKey(org));
    const meta = stored && (JSON.parse(stored.value) as Meta);
    const header = JSON.stringify({ takenAt: at.toISOString(), digest, devices: encoded.size });
    if (meta?.digest === digest) {
      if (!options.confirm || new Date(meta.takenAt) >= at) return 0;
      await this.store.set(metaKey(org), header);
      return 1;
    }
    const before = meta ? await this.store.getFields(devicesKey(org)) : new Map<string, string>();
    const changes = new Map<string, string | null>();
    for (const [id, value] of encoded) if (before.get(id) !== value) changes.set(id, value);
    for (const id of before.keys()) if (!encoded.has(id)) changes.set(id, null);
    // Devices first, header last: a reader that sees the new header sees the new devices.
    if (changes.size > 0) await this.store.setFields(devicesKey(org), changes);
    await this.store.set(metaKey(org), header);
    return changes.size + 1;
  }

  /** Some devices read again (after a deployment, an onboarding): only they are written. */
  async update(org: string, endpoints: readonly Endpoint[]): Promise<void> {
    const stored = await this.store.get(metaKey(org));
    if (!stored || endpoints.length === 0) return;
    const meta = JSON.parse(stored.value) as Meta;
    await this.store.setFields(devicesKey(org), new Map(endpoints.map((e) => [e.id, encode(e)])));
    await this.store.set(metaKey(org), JSON.stringify({ ...meta, digest: null }));
  }

  /** The poll's one write: when it began, and the organizations it could not read. */
  async markPoll(at: Date, failed: readonly string[]): Promise<void> {
    await this.store.set(
      POLL_MARK,
      JSON.stringify({ at: at.toISOString(), failed } satisfies PollMark),
    );
  }

  /** When the last poll that finished began. */
  async lastPoll(): Promise<Date | undefined> {
    const mark = await this.store.get(POLL_MARK);
    return mark && new Date((JSON.parse(mark.value) as PollMark).at);
  }

  async read(org: string): Promise<FleetSnapshot | undefined> {
    const [stored, mark] = await Promise.all([
      this.store.get(metaKey(org)),
      this.store.get(POLL_MARK),
    ]);
    if (!stored) return undefined;
    const meta = JSON.parse(stored.value) as Meta;
    let cached = this.decoded.get(org);
    if (cached?.version !== stored.version) {
      const fields = await this.store.getFields(devicesKey(org));
      cached = {
        version: stored.version,
        endpoints: [...fields].map(([id, value]) => decode(id, value)),
      };
      this.decoded.set(org, cached);
    }
    const takenAt = new Date(meta.takenAt);
    const poll = mark && (JSON.parse(mark.value) as PollMark);
    // A later poll that read this organization and changed nothing vouches for it.
    const vouched =
      poll && !poll.failed.includes(org) && new Date(poll.at) > takenAt
        ? new Date(poll.at)
        : undefined;
    return { endpoints: cached.endpoints, asOf: vouched ?? takenAt };
  }
}
