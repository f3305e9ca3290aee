import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { AuditRecord } from '../core/audit';
import type { IdentityLink } from '../core/identity-link';
import type { Log } from '../core/ports';
import { visibleTo, type Grants } from '../core/roles';
import type { PortalData } from './portal-ports';
import { cookieOf, type PortalSession, type PortalSessions } from './portal-sessions';
import { render, type Frame, type PageName } from './portal-views';

export interface PortalCustomer {
  id: string;
  name: string;
  timezone: string;
  /** Support contacts, escalation and schedules as lines (the portal's support page). */
  support: { contacts: string[]; levels: string[]; schedule: string[] };
}

export interface PortalDeps {
  msp: string;
  customers: readonly PortalCustomer[];
  sessions: PortalSessions;
  /** The sign-in round trip: where to send the visitor, and who came back. */
  signIn: {
    begin(then: string): Promise<string>;
    end(
      query: Record<string, unknown>,
    ): Promise<{ ok: true; link: IdentityLink; then: string } | { ok: false; message: string }>;
  };
  tenantAllowed(tid: string): boolean;
  grants(link: IdentityLink): Promise<Grants>;
  data: PortalData;
  audit: { record(entry: AuditRecord): Promise<unknown> };
  /** Secure cookies: always, but for a bot on plain HTTP at a loopback address (tried locally). */
  secureCookies: boolean;
  log: Log;
  clock?: () => Date;
}

export const COOKIE = 'msp_portal';

/** Someone with a portal session: who, their roles now, and the customers those let them see. */
export interface Visitor {
  id: string;
  session: PortalSession;
  grants: Grants;
  visible: PortalCustomer[];
}

/** What every portal route shares: who is visiting, the page frame, answers, the audit. */
export class PortalWeb {
  constructor(readonly deps: PortalDeps) {}

  async visitor(req: Request): Promise<Visitor | undefined> {
    const id = cookieOf(req, COOKIE);
    const session = id ? await this.deps.sessions.get(id) : undefined;
    if (!id || !session) return undefined;
    const grants = await this.deps.grants(session.link);
    return { id, session, grants, visible: visibleTo(grants, this.deps.customers) };
  }

  frame(title: string, v?: Visitor, customer?: PortalCustomer): Frame {
    const link = v?.session.link;
    return {
      title,
      msp: this.deps.msp,
      ...(v && link && { signedIn: { who: link.name ?? link.upn, csrf: v.session.csrf } }),
      ...(customer && { customer: { id: customer.id, name: customer.name } }),
      pick: !!v && v.visible.length > 1,
    };
  }

  page(
    res: Response,
    status: number,
    name: PageName,
    frame: Frame,
    values: Record<string, unknown> = {},
  ): void {
    res
      .status(status)
      .type('html')
      .send(render(name, frame, values));
  }

  /** A route's work; a failure is logged and answered with a page, never left hanging. */
  safely(handler: (req: Request, res: Response) => Promise<void>) {
    return (req: Request, res: Response) =>
      void handler(req, res).catch((err: unknown) => {
        this.deps.log.error({ err, path: req.path }, 'portal page failed');
        if (!res.headersSent)
          this.page(res, 500, 'message', this.frame('Something went wrong'), {
            message: 'This page could not be shown. Try again in a moment.',
          });
      });
  }

  /** An act on the portal, in the audit trail as the person signed in, for the customer. */
  async audit(v: Visitor, c: PortalCustomer, act: string, args: Record<string, unknown>) {
    const link = v.session.link;
    await this.deps.audit.record({
      at: (this.deps.clock?.() ?? new Date()).toISOString(),
      actor: { channel: 'web', userId: link.oid, displayName: link.upn, tenantId: link.tid },
      conversationId: 'portal',
      customer: c.id,
      act,
      args,
      outcome: 'ok',
      correlationId: randomUUID(),
    });
  }
}
