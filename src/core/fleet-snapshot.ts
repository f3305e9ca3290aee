import { createHash } from 'node:crypto';
import type { Endpoint } from './fleet';
import type { Store } from './store';

/**
 * A customer's devices as a poll (or a Refresh) last read them, and when that was. Online
 * devices come without `lastSeen` (see seenOf).
 */
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

const mapKey = (org: string) => `fleet-snapshot:${org}`;
/** The header's field in the map: no Action1 endpoint id starts with a space. */
const HEADER = ' header';
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
  /** What sources beside the RMM say (absent in snapshots written before there were any). */
  sources?: SourceFacts | null,
];

type SourceFacts = Pick<
  Endpoint,
  'sources' | 'serial' | 'updatesUnknown' | 'compliance' | 'osUpdate'
>;

/** The device's facts from other sources, or null for a device only the RMM knows. */
const sourceFacts = (e: Endpoint): SourceFacts | null =>
  e.sources || e.updatesUnknown || e.compliance
    ? {
        ...(e.sources && { sources: e.sources }),
        // The serial only matters where sources were merged by it; the RMM's alone is not kept.
        ...(e.sources && e.serial && { serial: e.serial }),
        ...(e.updatesUnknown && { updatesUnknown: true }),
        ...(e.compliance && { compliance: e.compliance }),
        ...(e.osUpdate && { osUpdate: e.osUpdate }),
      }
    : null;

/**
 * When a device last reported, as the snapshot keeps it: only for a device that is offline. An
 * online device's last check-in moves every few minutes and no answer shows it; keeping it would
 * make every poll rewrite the whole fleet.
 */
const seenOf = (e: Endpoint): number | null =>
  !e.online && e.lastSeen ? e.lastSeen.getTime() : null;

/** A device as the snapshot keeps it: what fleet commands show, nothing that moves on its own. */
const storedForm = (e: Endpoint): Stored => [
  e.name,
  e.os,
  e.online ? 1 : 0,
  seenOf(e),
  e.rebootRequired ? 1 : 0,
  e.missingCritical,
  e.missingOther,
  e.user ?? null,
  e.attributes ?? null,
  sourceFacts(e),
];

/** As one short JSON array: 50,000 of them stay a few megabytes. */
const encode = (e: Endpoint): string => JSON.stringify(storedForm(e));

function decode(id: string, value: string): Endpoint {
  const [name, os, online, lastSeen, reboot, critical, other, user, attributes, sources] =
    JSON.parse(value) as Stored;
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
    ...sources,
  };
}

/** A listing as the snapshot keeps it: each device's stored text, and one digest over them. */
export interface FleetReading {
  /** Device id to its stored text (encode), in listing order. */
  encoded: Map<string, string>;
  digest: string;
}

/**
 * Encodes every device once, for both the digest and the write: one hash over the stored forms,
 * in listing order (a reordered listing only costs a full diff).
 */
export function readFleet(endpoints: readonly Endpoint[]): FleetReading {
  const encoded = new Map<string, string>();
  let text = '';
  for (const e of endpoints) {
    const value = encode(e);
    encoded.set(e.id, value);
    // A line per device, its id quoted: no JSON text holds a bare newline.
    text += `${JSON.stringify(e.id)}${value}\n`;
  }
  return { encoded, digest: createHash('sha1').update(text).digest('base64') };
}

/**
 * Per customer, the devices fleet commands need, in the store so every instance shares them.
 * Each device is one field of a map, the header another: a poll that finds k devices changed
 * writes k + 1 fields in one write, and a poll of an unchanged organization writes nothing (its
 * digest says so); one mark per poll says when it last looked, so an unchanged snapshot still
 * counts as fresh. Reads are cached per instance and read in full only when the header moved.
 */
export class FleetSnapshots {
  private readonly decoded = new Map<string, { header: string; endpoints: Endpoint[] }>();

  constructor(private readonly store: Store) {}

  /**
   * Records a full listing of the organization as of `at`; returns the store writes it took.
   * `confirm` (a live read a person asked for) also moves the header's time when nothing changed.
   */
  async record(
    org: string,
    endpoints: readonly Endpoint[] | FleetReading,
    at: Date,
    options: { confirm?: boolean } = {},
  ): Promise<number> {
    const { encoded, digest } = 'digest' in endpoints ? endpoints : readFleet(endpoints);
    const stored = await this.store.getField(mapKey(org), HEADER);
    const meta = stored === undefined ? undefined : (JSON.parse(stored) as Meta);
    const header = JSON.stringify({ takenAt: at.toISOString(), digest, devices: encoded.size });
    if (meta?.digest === digest) {
      if (!options.confirm || new Date(meta.takenAt) >= at) return 0;
      await this.store.setFields(mapKey(org), new Map([[HEADER, header]]));
      return 1;
    }
    const before = meta ? await this.store.getFields(mapKey(org)) : new Map<string, string>();
    before.delete(HEADER);
    const changes = new Map<string, string | null>();
    for (const [id, value] of encoded) if (before.get(id) !== value) changes.set(id, value);
    for (const id of before.keys()) if (!encoded.has(id)) changes.set(id, null);
    // Devices and header in one write: a reader sees the snapshot before or after, never half.
    changes.set(HEADER, header);
    await this.store.setFields(mapKey(org), changes);
    return changes.size;
  }

  /** Some devices read again (after a deployment, an onboarding): only they are written. */
  async update(org: string, endpoints: readonly Endpoint[]): Promise<void> {
    const stored = await this.store.getField(mapKey(org), HEADER);
    if (stored === undefined || endpoints.length === 0) return;
    const meta = JSON.parse(stored) as Meta;
    const changes = new Map(endpoints.map((e) => [e.id, encode(e)]));
    changes.set(HEADER, JSON.stringify({ ...meta, digest: null }));
    await this.store.setFields(mapKey(org), changes);
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
    const [header, mark] = await Promise.all([
      this.store.getField(mapKey(org), HEADER),
      this.store.get(POLL_MARK),
    ]);
    if (header === undefined) return undefined;
    let cached = this.decoded.get(org);
    if (cached?.header !== header) {
      const fields = await this.store.getFields(mapKey(org));
      const now = fields.get(HEADER) ?? header;
      fields.delete(HEADER);
      cached = { header: now, endpoints: [...fields].map(([id, value]) => decode(id, value)) };
      this.decoded.set(org, cached);
    }
    const takenAt = new Date((JSON.parse(cached.header) as Meta).takenAt);
    const poll = mark && (JSON.parse(mark.value) as PollMark);
    // A later poll that read this organization and changed nothing vouches for it.
    const vouched =
      poll && !poll.failed.includes(org) && new Date(poll.at) > takenAt
        ? new Date(poll.at)
        : undefined;
    return { endpoints: cached.endpoints, asOf: vouched ?? takenAt };
  }
}
