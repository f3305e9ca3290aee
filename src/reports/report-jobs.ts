import { botActor } from '../core/person';
import type { AuditTrail } from '../core/audit';
import type { Customer } from '../config/customer';
import { placeKey, type Place } from '../core/invocation';
import { backoffMs, leaseHeld } from '../core/lease';
import type { ChannelPoster, Log } from '../core/ports';
import { textReply } from '../core/reply';
import type { Store } from '../core/store';
import { Rounds } from '../core/rounds';
import { DocBook } from '../core/doc-book';
import type { ReportDesk } from './report-desk';
import { TITLES } from './report-period';
import { periodFor, type Period } from './report-period';

export type ScheduledKind = 'monthly' | 'quarterly';

interface ReportJob {
  id: string;
  customer: string;
  kind: ScheduledKind;
  period: { from: string; to: string; label: string; months: string[] };
  state: 'pending' | 'done';
  /** Conversations that have it already: a retry posts only to the others. */
  posted: string[];
  attempts: number;
  notBefore?: string;
  takenAt?: string;
  lastError?: string;
  warned?: boolean;
}

const LEASE_MS = 10 * 60_000;
const WARN_AFTER = 3;

/** "YYYY-MM" of the month before the one `now` falls in, in this time zone. */
export function lastMonthIn(now: Date, timeZone: string): string {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' })
    .format(now)
    .split('-')
    .map(Number);
  const d = new Date(Date.UTC(y ?? 1970, (m ?? 1) - 2, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** One scheduled run: at `hour` on the 1st in this time zone, for these customers. */
export interface ReportRun {
  name: string;
  cron: string;
  timezone: string;
  customers: string[];
}

/** The runs the schedule needs: one per time zone the customers are in. */
export function reportRuns(
  customers: readonly Pick<Customer, 'id' | 'timezone'>[],
  hour: number,
): ReportRun[] {
  const zones = new Map<string, string[]>();
  for (const c of customers) zones.set(c.timezone, [...(zones.get(c.timezone) ?? []), c.id]);
  return [...zones].map(([timezone, ids]) => ({
    name: `reports-${timezone}`,
    cron: `0 ${hour} 1 * *`,
    timezone,
    customers: ids,
  }));
}

/** What a run on the 1st makes: the month's report, and the quarter's at a quarter's start. */
export function kindsDue(now: Date, timeZone: string): ScheduledKind[] {
  const endedMonth = Number(lastMonthIn(now, timeZone).slice(5));
  return endedMonth % 3 === 0 ? ['monthly', 'quarterly'] : ['monthly'];
}

/**
 * Scheduled reports as durable jobs: one per customer, kind and period (created with
 * set-if-absent, so several instances firing the same schedule make one job), claimed with a
 * lease, posted to each subscribed conversation once, and retried with backoff until done; after
 * a few failures the MSP's default channel is told. Nothing is skipped silently.
 */
export class ReportJobs {
  private readonly rounds = new Rounds(() => this.round());
  private readonly jobs: DocBook<ReportJob>;

  constructor(
    private readonly deps: {
      store: Store;
      desk: ReportDesk;
      /** Where a customer's reports of this kind go (subscriptions). */
      places(customer: string, kind: ScheduledKind): Promise<Place[]>;
      fallback?: Place;
      poster: ChannelPoster;
      audit: AuditTrail;
      log: Log;
      clock?: () => Date;
    },
  ) {
    this.jobs = new DocBook<ReportJob>(deps.store, 'report-job', (j) => j.state !== 'done');
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /** The report for the month (or quarter) before `now` in the customer's zone; false if queued already. */
  async enqueue(customer: string, kind: ScheduledKind, timeZone: string): Promise<boolean> {
    const when = periodFor(kind, this.now(), lastMonthIn(this.now(), timeZone));
    if (!when.ok) throw new Error(when.problem);
    const p = when.period;
    const id = `${customer}:${kind}:${p.months[0] ?? ''}`;
    const job: ReportJob = {
      id,
      customer,
      kind,
      period: {
        from: p.from.toISOString(),
        to: p.to.toISOString(),
        label: p.label,
        months: p.months,
      },
      state: 'pending',
      posted: [],
      attempts: 0,
    };
    return this.jobs.create(job).then(
      () => true,
      () => false, // queued already (by this or another instance)
    );
  }

  run(): Promise<void> {
    return this.rounds.run();
  }

  private async round(): Promise<void> {
    for (const id of await this.jobs.openIds())
      await this.work(id).catch((err: unknown) =>
        this.deps.log.error({ err, job: id }, 'scheduled report failed'),
      );
  }

  private async work(id: string): Promise<void> {
    const now = this.now();
    const claimed = await this.change(id, (j) => {
      if (j.state === 'done') return undefined;
      if (j.notBefore && new Date(j.notBefore) > now) return undefined;
      if (leaseHeld(j.takenAt, now, LEASE_MS)) return undefined;
      return { ...j, takenAt: now.toISOString() };
    });
    if (!claimed) return;
    const job = claimed;
    try {
      const places = await this.deps.places(job.customer, job.kind);
      const period: Period = {
        ...job.period,
        from: new Date(job.period.from),
        to: new Date(job.period.to),
      };
      const todo = places.filter((p) => !job.posted.includes(placeKey(p)));
      if (todo.length > 0) {
        const made = await this.deps.desk.maker.make(
          job.kind,
          this.deps.desk.customer(job.customer),
          period,
        );
        for (const place of todo) {
          await this.deps.desk.publisher.publish(place, made, 'scheduled');
          await this.change(id, (j) => ({ ...j, posted: [...j.posted, placeKey(place)] }));
        }
      }
      await this.change(id, (j) => ({
        ...j,
        state: 'done',
        takenAt: undefined,
        lastError: undefined,
      }));
      await this.audit(
        job,
        places.length,
        places.length > 0
          ? undefined
          : 'nowhere to post it: no conversation subscribed and no default channel',
      );
    } catch (err) {
      await this.failed(job, err);
    }
  }

  private async failed(job: ReportJob, err: unknown): Promise<void> {
    const reason = String((err as Error).message ?? err).slice(0, 300);
    const attempts = job.attempts + 1;
    const warn = attempts >= WARN_AFTER && !job.warned && this.deps.fallback;
    this.deps.log.warn({ job: job.id, attempts, reason }, 'scheduled report failed; will retry');
    await this.change(job.id, (j) => ({
      ...j,
      attempts,
      takenAt: undefined,
      lastError: reason,
      warned: j.warned || !!warn,
      notBefore: new Date(
        this.now().getTime() + backoffMs(attempts - 1, 5 * 60_000, 6 * 3600_000),
      ).toISOString(),
    }));
    if (warn && this.deps.fallback)
      await this.deps.poster
        .post(
          this.deps.fallback,
          textReply(
            `The scheduled ${TITLES[job.kind]} for ${job.customer} (${job.period.label}) failed ${attempts} times: ${reason}. I keep retrying.`,
          ),
        )
        .catch((e: unknown) =>
          this.deps.log.error({ err: e }, 'could not warn about a failing report'),
        );
  }

  private async audit(job: ReportJob, places: number, detail?: string): Promise<void> {
    await this.deps.audit.record({
      at: this.now().toISOString(),
      actor: botActor('schedule'),
      conversationId: 'schedule',
      customer: job.customer,
      act: `report:scheduled-${job.kind}`,
      args: { period: job.period.label, places },
      outcome: places > 0 ? 'ok' : 'error',
      detail,
      correlationId: `report-job-${job.id}`.slice(0, 64),
    });
  }

  private async change(
    id: string,
    edit: (j: ReportJob) => ReportJob | undefined,
  ): Promise<ReportJob | undefined> {
    const changed = await this.jobs.change(id, edit);
    return changed && changed.after !== changed.before ? changed.after : undefined;
  }
}
