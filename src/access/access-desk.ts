import type { Place } from '../core/invocation';
import type { Grants } from '../core/roles';
import { textReply } from '../core/reply';
import type { AccessBook } from './access-book';
import type { AccessCustomer, AccessRecords, AccessSettings } from './access-records';
import { auditChore, cardsTo, noticesTo, withChores } from './access-chores';
import { newId } from '../core/ids';
import { answerDeadline } from './access-timeline';
import type { AccessAudiences } from './access-ports';
import { AccessRefusal, move, type AccessRequest } from './access-request';
import { samePerson } from '../core/person';
import type { Person } from '../core/person';
import { localTime, nameOf } from '../core/wording';

/** What every request starts from: who asks, where, for which customer, why, how long. */
export interface RequestBasics {
  requester: Person;
  askedIn: Place;
  customer: string;
  reason: string;
  minutes: number;
  now: Date;
}

export type Decided = { ok: true; request: AccessRequest } | { ok: false; message: string };

/**
 * The front desk of remote access: takes requests and break-glass, and records decisions and
 * reviews. It only changes records (state plus the chores that follow); the AccessKeeper does
 * the chores: posting cards, starting and ending sessions, writing the audit trail.
 */
export class AccessDesk {
  constructor(
    private readonly deps: {
      records: AccessRecords;
      audiences: AccessAudiences;
      /** HaloPSA is set up: break-glass gets a ticket. */
      tickets: boolean;
      /** Something changed: let the keeper do the chores now rather than at its next tick. */
      changed: () => void;
    },
  ) {}

  get book(): AccessBook {
    return this.deps.records.book;
  }

  get settings(): AccessSettings {
    return this.deps.records.settings;
  }

  customer(id: string): AccessCustomer | undefined {
    return this.deps.records.customer(id);
  }

  /** Who a card is about: the customer's name and the zone its times are shown in. */
  shownAs(id: string): Pick<AccessCustomer, 'name' | 'timezone' | 'support'> {
    return this.deps.records.shownAs(id);
  }

  hasSecondary(customer: string): boolean {
    return this.deps.records.hasSecondary(customer);
  }

  /** Still open for an answer: asked, and not past its deadline. */
  awaitingAnswer(r: AccessRequest, now: Date): boolean {
    return (
      r.state === 'requested' &&
      now < answerDeadline(r, this.settings, this.hasSecondary(r.customer))
    );
  }

  /** A remote session: granted at once when pre-approved, else asked of the customer. */
  async requestRemote(
    o: RequestBasics & {
      device: { id: string; name: string };
      preApproved?: 'unattended' | 'break-glass';
    },
  ): Promise<AccessRequest> {
    const base = this.blank(o, 'remote');
    const r: AccessRequest = { ...base, device: o.device };
    if (o.preApproved) {
      const granted: AccessRequest = {
        ...r,
        state: 'granted',
        preApproved: o.preApproved,
        window: this.window(o.now, o.minutes),
      };
      return this.open(
        withChores(granted, [
          auditChore(granted, 'granted', o.now, o.requester, `pre-approved: ${o.preApproved}`),
          { kind: 'start-session' },
          ...cardsTo(await this.deps.audiences.customerChannels(o.customer)),
        ]),
      );
    }
    return this.open(
      withChores(r, [
        auditChore(r, 'requested', o.now, o.requester),
        ...cardsTo(await this.deps.audiences.approvers(o.customer)),
      ]),
    );
  }

  /** Stores a new request and lets the keeper start on its chores; returns it as stored. */
  private async open(r: AccessRequest): Promise<AccessRequest> {
    await this.book.create(r);
    this.deps.changed();
    return r;
  }

  /** Emergency access: at once, announced loudly, reviewed afterwards by another admin. */
  async breakGlass(o: RequestBasics): Promise<AccessRequest> {
    const r: AccessRequest = {
      ...this.blank(o, 'break-glass'),
      state: 'granted',
      window: this.window(o.now, o.minutes),
      review: { state: 'pending' },
    };
    const a = this.deps.audiences;
    const loud = [...(await a.adminChannel()), ...(await a.customerChannels(o.customer))];
    return this.open(
      withChores(r, [
        auditChore(r, 'break-glass', o.now, o.requester),
        ...cardsTo([...loud, ...(await a.adminsPrivately(o.requester))]),
        ...(this.deps.tickets && this.customer(o.customer)?.haloClientId !== undefined
          ? [{ kind: 'ticket' as const }]
          : []),
      ]),
    );
  }

  /** The break-glass this person has open for this customer now, if any. */
  async activeBreakGlass(
    customer: string,
    now: Date,
    of: Person,
  ): Promise<AccessRequest | undefined> {
    return (await this.book.open()).find(
      (r) =>
        r.kind === 'break-glass' &&
        r.customer === customer &&
        samePerson(r.requester, of) &&
        r.state === 'granted' &&
        !!r.window &&
        new Date(r.window.until) > now,
    );
  }

  /** Approve or deny: the customer's approvers only, never the requester, first answer wins. */
  async decide(
    id: string,
    by: Person,
    grants: Grants,
    verdict: 'approve' | 'deny',
    note: string | undefined,
    now: Date,
  ): Promise<Decided> {
    const current = await this.book.get(id);
    if (!current || current.kind !== 'remote') return gone();
    if (!grants.approverOf.includes(current.customer)) {
      const name = this.customer(current.customer)?.name ?? current.customer;
      return refuse(`Only ${name}'s approvers can answer this request. Nothing changed.`);
    }
    if (samePerson(current.requester, by))
      return refuse('You asked for this session, so you cannot answer it yourself.');
    const deadline = answerDeadline(current, this.settings, this.hasSecondary(current.customer));
    const tellRequester =
      verdict === 'deny' ? await this.deps.audiences.privately(current.requester) : undefined;
    return this.attempt(id, (r) => {
      if (r.state === 'requested' && now >= deadline)
        throw new AccessRefusal(
          `This request expired unanswered ${localTime(deadline, this.shownAs(current.customer).timezone, now)}; nothing was approved. The technician can ask again.`,
        );
      const decision = { by, at: now.toISOString(), note: note || undefined };
      if (verdict === 'approve') {
        const approved = { ...move(r, 'approved'), decision, window: this.window(now, r.minutes) };
        return withChores(approved, [
          auditChore(approved, 'approved', now, by),
          { kind: 'start-session' },
        ]);
      }
      const denied = { ...move(r, 'denied'), decision };
      const why = note ? ` Their reason: “${note}”.` : ' They gave no reason.';
      const text = `${by.displayName ?? 'The customer'} denied your remote session to ${r.device?.name ?? '?'}.${why}`;
      return withChores(denied, [
        auditChore(denied, 'denied', now, by, note),
        ...noticesTo([tellRequester ?? r.askedIn], textReply(text)),
      ]);
    });
  }

  /** The requester (or an MSP admin) withdraws a request nobody answered yet. */
  async cancel(id: string, by: Person, grants: Grants, now: Date): Promise<Decided> {
    const current = await this.book.get(id);
    if (!current) return gone();
    if (!samePerson(current.requester, by) && !grants.mspAdmin)
      return refuse('Only the technician who asked, or an MSP admin, can withdraw this request.');
    return this.attempt(id, (r) => {
      const cancelled = { ...move(r, 'cancelled'), decision: { by, at: now.toISOString() } };
      return withChores(cancelled, [auditChore(cancelled, 'cancelled', now, by)]);
    });
  }

  /** An MSP admin other than the requester reviews a break-glass. */
  async review(
    id: string,
    by: Person,
    grants: Grants,
    verdict: 'justified' | 'not-justified',
    comment: string | undefined,
    now: Date,
  ): Promise<Decided> {
    const current = await this.book.get(id);
    if (!current?.review) return gone();
    if (!grants.mspAdmin) return refuse('Only MSP admins review break-glass access.');
    if (samePerson(current.requester, by))
      return refuse('You used this break-glass, so another MSP admin must review it.');
    if (verdict === 'not-justified' && !comment)
      return refuse('Say why it was not justified: write a comment on the card, then click again.');
    return this.attempt(id, (r) => {
      if (r.review?.state !== 'pending')
        throw new AccessRefusal(
          `It was already reviewed by ${r.review?.by ? nameOf(r.review.by) : '?'}.`,
        );
      const reviewed: AccessRequest = {
        ...r,
        redraw: true,
        review: { ...r.review, state: 'reviewed', verdict, comment, by, at: now.toISOString() },
      };
      return withChores(reviewed, [auditChore(reviewed, `reviewed-${verdict}`, now, by, comment)]);
    });
  }

  private async attempt(id: string, edit: (r: AccessRequest) => AccessRequest): Promise<Decided> {
    try {
      const changed = await this.book.change(id, edit);
      if (!changed) return gone();
      this.deps.changed();
      return { ok: true, request: changed.after };
    } catch (err) {
      if (err instanceof AccessRefusal) return refuse(err.message);
      throw err;
    }
  }

  private window(now: Date, minutes: number) {
    return {
      from: now.toISOString(),
      until: new Date(now.getTime() + minutes * 60_000).toISOString(),
    };
  }

  private blank(o: RequestBasics, kind: AccessRequest['kind']): AccessRequest {
    return {
      id: newId(kind === 'remote' ? 'ra' : 'bg'),
      kind,
      customer: o.customer,
      reason: o.reason,
      minutes: o.minutes,
      requester: o.requester,
      askedIn: o.askedIn,
      state: 'requested',
      requestedAt: o.now.toISOString(),
      escalations: 0,
      copies: [],
      chores: [],
      redraw: false,
    };
  }
}

const refuse = (message: string): Decided => ({ ok: false, message });
const gone = () => refuse('I have no such access request (any more). Nothing changed.');
