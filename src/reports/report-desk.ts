import type { Place } from '../core/invocation';
import type { ReportDelivery } from '../core/ports';
import type { MadeReport, ReportCustomer, ReportMaker } from './report-maker';
import type { Period, ReportKind } from './report-period';

/** Posts a finished report where people read it: the chat side implements this. */
export interface ReportPublisher {
  publish(place: Place, report: MadeReport, note?: string): Promise<void>;
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
}
