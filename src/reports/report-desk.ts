import type { Place } from '../core/invocation';
import type { MadeReport, ReportCustomer, ReportMaker } from './report-maker';
import { periodFor, type Period, type ReportKind } from './report-period';

/** Posts a finished report where people read it: the chat side implements this. */
export interface ReportPublisher {
  publish(place: Place, report: MadeReport, note?: string): Promise<void>;
}

/** Makes a customer report and posts it into a conversation (Slack: the PDF; Teams: a link). */
export interface ReportDelivery {
  deliver(kind: ReportKind, customerId: string, period: Period, place: Place): Promise<void>;
}

/** Make and post: what `report` asks for, and what the schedules do per channel. */
export class ReportDesk implements ReportDelivery {
  constructor(
    readonly maker: ReportMaker,
    readonly publisher: ReportPublisher,
    private readonly customers: readonly ReportCustomer[],
  ) {}

  customer(id: string): ReportCustomer {
    const c = this.customers.find((x) => x.id === id);
    if (!c) throw new Error(`unknown customer ${id}`);
    return c;
  }

  async deliver(kind: ReportKind, customerId: string, period: Period, place: Place): Promise<void> {
    const made = await this.maker.make(kind, this.customer(customerId), period);
    await this.publisher.publish(place, made);
  }

  /** The baseline health report as of now (onboarding's last step posts one). */
  async deliverBaseline(customerId: string, place: Place, now: Date): Promise<void> {
    const when = periodFor('baseline', now);
    if (!when.ok) throw new Error(when.problem);
    await this.deliver('baseline', customerId, when.period, place);
  }
}
