import { appendFile } from 'node:fs/promises';
import type { AuditCheckpoint, AuditTrail } from './audit';
import type { Log } from './ports';

/**
 * Writes the audit trail's head outside the store: always to the log stream (which the MSP's log
 * collector keeps), and to a file of JSON lines when one is set. Someone who can rewrite the store
 * cannot reach back into either, so `audit:verify` can tell a cut or re-sealed trail.
 */
export class AuditCheckpoints {
  private lastSeq = 0;

  constructor(
    private readonly audit: AuditTrail,
    private readonly log: Log,
    private readonly file?: string,
  ) {}

  /** One checkpoint now, unless nothing was added since the last one. */
  async keep(now = new Date()): Promise<AuditCheckpoint | undefined> {
    const head = await this.audit.checkpoint(now);
    if (!head || head.seq === this.lastSeq) return undefined;
    this.log.info({ auditCheckpoint: head }, `audit checkpoint: #${head.seq}`);
    if (this.file) await appendFile(this.file, `${JSON.stringify(head)}\n`, { mode: 0o600 });
    this.lastSeq = head.seq;
    return head;
  }

  /** Every `minutes` on each instance (each has its own log stream); failures are logged only. */
  every(minutes: number): NodeJS.Timeout {
    const timer = setInterval(() => {
      this.keep().catch((err: unknown) => this.log.error({ err }, 'audit checkpoint failed'));
    }, minutes * 60_000);
    timer.unref();
    return timer;
  }
}

/**
 * Checkpoints from a checkpoint file or a saved log stream: each JSON line that is a checkpoint
 * or carries one (`auditCheckpoint`); other lines are passed over.
 */
export function readCheckpoints(text: string): AuditCheckpoint[] {
  const found: AuditCheckpoint[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim().startsWith('{')) continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    const candidate = (value as { auditCheckpoint?: unknown }).auditCheckpoint ?? value;
    if (isCheckpoint(candidate)) found.push(candidate);
  }
  return found;
}

function isCheckpoint(v: unknown): v is AuditCheckpoint {
  const c = v as Partial<AuditCheckpoint> | undefined;
  return (
    !!c &&
    Number.isInteger(c.seq) &&
    typeof c.hash === 'string' &&
    typeof c.at === 'string' &&
    typeof c.mac === 'string'
  );
}
