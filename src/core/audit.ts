import { createHmac } from 'node:crypto';
import { sameText } from './same-text';
import type { ChatChannel } from './invocation';
import type { Store } from './store';
import { redactSecrets, redactText } from './redact';

export type AuditOutcome = 'ok' | 'denied' | 'invalid' | 'unknown' | 'error' | 'step-up';

/** One act, as an auditor reads it. Arguments are redacted before they are stored. */
export interface AuditRecord {
  at: string;
  /** A chat account, or `web`: someone signed in to the customer portal (userId: their Entra id). */
  actor: { channel: ChatChannel | 'web'; userId: string; displayName?: string; tenantId?: string };
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
  /** HMAC-SHA256 of the entry (with prevHash) under AUDIT_KEY: only the key holder can make one. */
  hash: string;
}

/**
 * The chain's head as it was at `at`, kept outside the store (log stream, file). A later trail
 * that is shorter, or whose entry `seq` has another hash, was cut or rewritten since.
 */
export interface AuditCheckpoint {
  seq: number;
  hash: string;
  at: string;
  /** HMAC of seq, hash and at: a checkpoint file edited without the key is caught too. */
  mac: string;
}

export type ChainCheck =
  | { ok: true; entries: number; checkpoints: number }
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

const macOf = (key: string, text: string) => createHmac('sha256', key).update(text).digest('hex');

const checkpointText = (c: Omit<AuditCheckpoint, 'mac'>) => `checkpoint:${c.seq}:${c.hash}:${c.at}`;

/**
 * A MAC-chained, append-only audit trail: each entry carries the MAC of the one before, so an
 * edited or deleted entry breaks the chain from there on; the MACs are keyed with AUDIT_KEY, held
 * outside the store, so someone who can write the store cannot rewrite an entry and re-seal the
 * rest. Cutting off the newest entries leaves a valid chain: checkpoints of the head, kept outside
 * the store, catch that. Appends are optimistic (appendAt), so several bot instances can share one
 * trail without a lock.
 */
export class AuditTrail {
  // Within one process, queue appends so they don't race each other for the same position.
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly key: string,
  ) {}

  private hashOf(record: Omit<ChainedAuditRecord, 'hash'>): string {
    return macOf(this.key, canonical(record));
  }

  /** The head as it is now, sealed, for keeping outside the store; undefined while empty. */
  async checkpoint(now = new Date()): Promise<AuditCheckpoint | undefined> {
    const length = await this.store.logLength(AUDIT_LOG);
    if (length === 0) return undefined;
    const last = (await this.store.readLog(AUDIT_LOG, length, 1))[0];
    if (!last) return undefined;
    const head = { seq: length, hash: (JSON.parse(last.value) as ChainedAuditRecord).hash };
    const body = { ...head, at: now.toISOString() };
    return { ...body, mac: macOf(this.key, checkpointText(body)) };
  }

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
      const chained: ChainedAuditRecord = { ...body, hash: this.hashOf(body) };
      if (await this.store.appendAt(AUDIT_LOG, length, JSON.stringify(chained))) return chained;
    }
    throw new Error('audit trail: could not append after repeated contention');
  }

  /** How many entries the trail holds. */
  length(): Promise<number> {
    return this.store.logLength(AUDIT_LOG);
  }

  async read(fromSeq: number, limit: number): Promise<ChainedAuditRecord[]> {
    const entries = await this.store.readLog(AUDIT_LOG, fromSeq, limit);
    return entries.map((e) => JSON.parse(e.value) as ChainedAuditRecord);
  }

  /**
   * Walks the whole chain and names the first entry that doesn't hold, then holds the chain
   * against each checkpoint kept outside the store (each checked with the key first). `visit`
   * sees each entry that holds, in order, so a reader of the trail needs one walk, not two.
   */
  async verify(
    checkpoints: readonly AuditCheckpoint[] = [],
    visit?: (entry: ChainedAuditRecord) => void,
  ): Promise<ChainCheck> {
    const wanted = new Map<number, AuditCheckpoint>();
    for (const c of checkpoints) {
      if (!sameText(macOf(this.key, checkpointText(c)), String(c.mac)))
        return {
          ok: false,
          entries: 0,
          firstBroken: c.seq,
          reason: `the checkpoint of ${c.at} (#${c.seq}) is not sealed with this AUDIT_KEY (forged, edited, or another key)`,
        };
      wanted.set(c.seq, c);
    }
    let prevHash = GENESIS;
    let seq = 1;
    for (;;) {
      const page = await this.store.readLog(AUDIT_LOG, seq, PAGE);
      for (const stored of page) {
        const problem = this.checkEntry(stored.seq, stored.value, prevHash);
        if (problem)
          return { ok: false, entries: seq - 1, firstBroken: stored.seq, reason: problem };
        const entry = JSON.parse(stored.value) as ChainedAuditRecord;
        prevHash = entry.hash;
        visit?.(entry);
        const kept = wanted.get(seq);
        if (kept && !sameText(kept.hash, prevHash))
          return {
            ok: false,
            entries: seq - 1,
            firstBroken: seq,
            reason: `entry #${seq} is not the one the checkpoint of ${kept.at} saw: the trail was rewritten from there and sealed again`,
          };
        seq++;
      }
      if (page.length < PAGE) break;
    }
    const entries = seq - 1;
    const furthest = [...wanted.values()].sort((a, b) => b.seq - a.seq)[0];
    if (furthest && furthest.seq > entries)
      return {
        ok: false,
        entries,
        firstBroken: entries + 1,
        reason: `the trail ends at #${entries}, but the checkpoint of ${furthest.at} saw #${furthest.seq}: entries were cut off the end`,
      };
    return { ok: true, entries, checkpoints: wanted.size };
  }

  private checkEntry(seq: number, raw: string, prevHash: string): string | undefined {
    let entry: ChainedAuditRecord;
    try {
      entry = JSON.parse(raw) as ChainedAuditRecord;
    } catch {
      return 'entry is not valid JSON';
    }
    if (entry.seq !== seq) return `entry says it is #${entry.seq}, stored at #${seq}`;
    if (entry.prevHash !== prevHash) return 'previous-hash link does not match the entry before';
    const { hash, ...body } = entry;
    if (typeof hash !== 'string' || !sameText(this.hashOf(body), hash))
      return 'content does not match its MAC (entry was edited, or sealed without this AUDIT_KEY)';
    return undefined;
  }
}
