import type { Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { MadeReport, ReportCustomer, ReportMaker } from './report-maker';
import { nextReportRuns, periodFor, type Period, type ReportKind } from './report-period';

/** Puts a finished report where people read it: the chat side implements this. */
export interface ReportPublisher {
  /** Posts it into a conversation on the bot's own initiative (schedules, onboarding). */
  publish(place: Place, report: MadeReport, note?: string): Promise<void>;
  /**
   * Hands it to the person who asked: the file goes into the conversation where the channel
   * takes files, and the answer saying it is ready comes back to be drawn over "preparing".
   */
  handOver(place: Place, report: MadeReport): Promise<Reply>;
  /** The same for any other file a person asked for (an audit export). */
  handOverFile(place: Place, file: HandedFile): Promise<Reply>;
}

/** A file for the person who asked: the customer it is about ('' for several) names it in the audit. */
export interface HandedFile {
  customer: string;
  fileName: string;
  title: string;
  bytes: Buffer;
  /** What the file holds, in a line: shown beside it. */
  summary: string;
}

/** Makes a customer report for someone who asked (Slack: the PDF; Teams: a link). */
export interface ReportDelivery {
  /** The answer that says it is ready, once the report is made and handed over. */
  deliver(kind: ReportKind, customerId: string, period: Period, place: Place): Promise<Reply>;
  /** Hands a file made elsewhere (an audit export) the same way. */
  handOverFile(place: Place, file: HandedFile): Promise<Reply>;
  /** When the scheduled monthly report and quarterly review next go out for this customer. */
  nextRuns(timeZone: string, now: Date): { monthly: Date; quarterly: Date };
}

/** Make and post: what `report` asks for, and what the schedules do per channel. */
export class ReportDesk implements ReportDelivery {
  constructor(
    readonly maker: ReportMaker,
    readonly publisher: ReportPublisher,
    private readonly customers: readonly ReportCustomer[],
    /** Scheduled reports go out at this hour on the 1st, in each customer's zone. */
    private readonly hour = 8,
  ) {}

  nextRuns(timeZone: string, now: Date): { monthly: Date; quarterly: Date } {
    return nextReportRuns(now, timeZone, this.hour);
  }

  customer(id: string): ReportCustomer {
    const c = this.customers.find((x) => x.id === id);
    if (!c) throw new Error(`unknown customer ${id}`);
    return c;
  }

  async deliver(
    kind: ReportKind,
    customerId: string,
    period: Period,
    place: Place,
  ): Promise<Reply> {
    const made = await this.maker.make(kind, this.customer(customerId), period);
    return this.publisher.handOver(place, made);
  }

  handOverFile(place: Place, file: HandedFile): Promise<Reply> {
    return this.publisher.handOverFile(place, file);
  }

  /** The baseline health report as of now (onboarding's last step posts one). */
  async deliverBaseline(customerId: string, place: Place, now: Date): Promise<void> {
    const when = periodFor('baseline', now);
    if (!when.ok) throw new Error(when.problem);
    const made = await this.maker.make('baseline', this.customer(customerId), when.period);
    await this.publisher.publish(place, made);
  }
}
