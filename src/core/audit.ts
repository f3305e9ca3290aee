import { createHash } from 'node:crypto';
import type { ChatChannel } from './invocation';
import type { Store } from './store';
import { redactSecrets, redactText } from './redact';

export type AuditOutcome = 'ok' | 'denied' | 'invalid' | 'unknown' | 'error' | 'step-up';

/** One act, as an auditor reads it. Arguments are redacted before they are stored. */
export interface AuditRecord {
  at: string;
  actor: { channel: ChatChannel; userId: string; displayName?: string; tenantId?: string };
  conversationId: string;
  customer?: string;
  /** A command name, or `card:<verb>` for a button. */
  act: string;
  args: unknown;
  outcome: AuditOutcome;
  detail?: string;
  correlationId: string;
}

export interface ChainedAuditRecord extends AuditRecord {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainCheck =
  | { ok: true; entries: number }
  | { ok: false; entries: number; firstBroken: number; reason: string };

export const AUDIT_LOG = 'audit';
const GENESIS = '0'.repeat(64);
const PAGE = 500;
const MAX_ATTEMPTS = 100;

/** Stable JSON: keys sorted, so the hash doesn't depend on property order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function hashOf(record: Omit<ChainedAuditRecord, 'hash'>): string {
  return createHash('sha256').update(canonical(record)).digest('hex');
}

/**
 * A hash-chained, append-only audit trail: each entry carries the hash of the one before, so an
 * edited or deleted entry breaks the chain from there on. Appends are optimistic (appendAt), so
 * several bot instances can share one trail without a lock.
 */
export class AuditTrail {
  // Within one process, queue appends so they don't race each other for the same position.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Store) {}

  record(entry: AuditRecord): Promise<ChainedAuditRecord> {
    const detail = entry.detail === undefined ? undefined : redactText(entry.detail);
    const safe: AuditRecord = { ...entry, args: redactSecrets(entry.args), detail };
    const next = this.tail.then(() => this.appendChained(safe));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async appendChained(entry: AuditRecord): Promise<ChainedAuditRecord> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const length = await this.store.logLength(AUDIT_LOG);
      const last = length > 0 ? (await this.store.readLog(AUDIT_LOG, length, 1))[0] : undefined;
      const prevHash = last ? (JSON.parse(last.value) as ChainedAuditRecord).hash : GENESIS;
      const body = { ...entry, seq: length + 1, prevHash };
      const chained: ChainedAuditRecord = { ...body, hash: hashOf(body) };
      if (await this.store.appendAt(AUDIT_LOG, length, JSON.stringify(chained))) return chained;
    }
    throw new Error('audit trail: could not append after repeated contention');
  }

  async read(fromSeq: number, limit: number): Promise<ChainedAuditRecord[]> {
    const entries = await this.store.readLog(AUDIT_LOG, fromSeq, limit);
    return entries.map((e) => JSON.parse(e.value) as ChainedAuditRecord);
  }

  /** Walks the whole chain and names the first entry that doesn't hold. */
  async verify(): Promise<ChainCheck> {
    let prevHash = GENESIS;
    let seq = 1;
    for (;;) {
      const page = await this.store.readLog(AUDIT_LOG, seq, PAGE);
      for (const stored of page) {
        const problem = checkEntry(stored.seq, stored.value, prevHash);
        if (problem)
          return { ok: false, entries: seq - 1, firstBroken: stored.seq, reason: problem };
        prevHash = (JSON.parse(stored.value) as ChainedAuditRecord).hash;
        seq++;
      }
      if (page.length < PAGE) return { ok: true, entries: seq - 1 };
    }
  }
}

function checkEntry(seq: number, raw: string, prevHash: string): string | undefined {
  let entry: ChainedAuditRecord;
  try {
    entry = JSON.parse(raw) as ChainedAuditRecord;
  } catch {
    return 'entry is not valid JSON';
  }
  if (entry.seq !== seq) return `entry says it is #${entry.seq}, stored at #${seq}`;
  if (entry.prevHash !== prevHash) return 'previous-hash link does not match the entry before';
  const { hash, ...body } = entry;
  if (hashOf(body) !== hash) return 'content does not match its hash (entry was edited)';
  return undefined;
}
