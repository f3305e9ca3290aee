import type { Store } from '../core/store';
import type { Customer } from '../config/customer';
import { AccessBook } from './access-book';
import type { AccessTiming } from './access-timeline';

/**
 * A customer as remote access needs it: where sessions open (Action1, MeshCentral groups), who
 * approves after the approvers, what is pre-approved, and the HaloPSA client for tickets.
 */
export type AccessCustomer = Pick<
  Customer,
  | 'id'
  | 'name'
  | 'timezone'
  | 'fleetId'
  | 'haloClientId'
  | 'secondaryApprovers'
  | 'unattended'
  | 'meshGroups'
  | 'support'
>;

export interface AccessSettings extends AccessTiming {
  sessionMinutes: number;
  maxSessionMinutes: number;
  breakGlassMinutes: number;
}

/**
 * What the desk and the keeper both read: the records, the timing settings and the customers'
 * access rules. Built first, so the keeper needs no desk and the desk can wake the keeper.
 */
export class AccessRecords {
  readonly book: AccessBook;

  constructor(
    store: Store,
    private readonly customers: readonly AccessCustomer[],
    readonly settings: AccessSettings,
  ) {
    this.book = new AccessBook(store);
  }

  customer(id: string): AccessCustomer | undefined {
    return this.customers.find((c) => c.id === id);
  }

  /** Who a card is about: the customer's name and the zone its times are shown in. */
  shownAs(id: string): Pick<AccessCustomer, 'name' | 'timezone' | 'support'> {
    return this.customer(id) ?? { name: id, timezone: 'UTC' };
  }

  hasSecondary(customer: string): boolean {
    return (this.customer(customer)?.secondaryApprovers.length ?? 0) > 0;
  }
}
