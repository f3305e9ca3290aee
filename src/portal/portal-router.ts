import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import type { AuditRecord } from '../core/audit';
import type { IdentityLink } from '../core/identity-link';
import type { Log } from '../core/ports';
import { visibleTo, type Grants } from '../core/roles';
import type { PortalData } from './portal-ports';
import { cookieOf, sameToken, type PortalSession, type PortalSessions } from './portal-sessions';
import { PORTAL_CSS, render, type Frame, type PageName } from './portal-views';
import { accessLines, accessCsv, filterOf } from './portal-access';

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

const COOKIE = 'msp_portal';
const when = (d: Date, timeZone: string) =>
  `${d.toLocaleString('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' })} (${timeZone})`;
/** No script at all, styles and images from the portal only, forms only to itself, no framing. */
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
/** Every portal answer: the policy above, no sniffing, no referrer, never cached (pages hold customer data). */
const HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

interface Visitor {
  id: string;
  session: PortalSession;
  grants: Grants;
  visible: PortalCustomer[];
}

/**
 * The customer portal under /portal: sign-in with the same identity provider and roles as chat;
 * a customer's viewers and approvers see only their own customer, MSP staff pick one. Every
 * customer page checks the visitor's roles for the customer in the URL; a customer they may
 * not see and one that does not exist get the same answer. Downloads and exports are audited.
 */
export function portalRouter(deps: PortalDeps): Router {
  const router = express.Router();
  router.use('/portal', (_req, res, next) => {
    res.set(HEADERS);
    next();
  });
  const safely =
    (handler: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response) =>
      void handler(req, res).catch((err: unknown) => {
        deps.log.error({ err, path: req.path }, 'portal page failed');
        if (!res.headersSent)
          page(res, 500, 'message', frame('Something went wrong'), {
            message: 'This page could not be shown. Try again in a moment.',
          });
      });

  const frame = (title: string, v?: Visitor, customer?: PortalCustomer): Frame => ({
    title,
    msp: deps.msp,
    ...(v && {
      signedIn: { who: v.session.link.name ?? v.session.link.upn, csrf: v.session.csrf },
    }),
    ...(customer && { customer: { id: customer.id, name: customer.name } }),
    pick: !!v && v.visible.length > 1,
  });

  const visitor = async (req: Request): Promise<Visitor | undefined> => {
    const id = cookieOf(req, COOKIE);
    const session = id ? await deps.sessions.get(id) : undefined;
    if (!id || !session) return undefined;
    const grants = await deps.grants(session.link);
    return { id, session, grants, visible: visibleTo(grants, deps.customers) };
  };

  router.get('/portal/portal.css', (_req, res) => {
    res.type('text/css').send(PORTAL_CSS);
  });

  router.get(
    '/portal',
    safely(async (req, res) => {
      const v = await visitor(req);
      if (!v)
        return page(res, 200, 'message', frame('Sign in'), {
          message: `The portal of ${deps.msp}: your devices, reports and who accessed them.`,
          signIn: true,
        });
      if (v.visible.length === 0)
        return page(res, 403, 'message', frame('No customer', v), {
          message: 'Your account is not a viewer or approver of any customer here. Ask your MSP.',
        });
      const only = v.visible[0];
      if (v.visible.length === 1 && only && !v.grants.mspAdmin && !v.grants.tech)
        return res.redirect(303, `/portal/c/${only.id}`);
      page(res, 200, 'pick', frame('Customers', v), { customers: v.visible });
    }),
  );

  router.get(
    '/portal/login',
    safely(async (_req, res) => {
      res.redirect(302, await deps.signIn.begin('/portal'));
    }),
  );

  router.get(
    '/portal/callback',
    safely(async (req, res) => {
      const end = await deps.signIn.end(req.query);
      if (!end.ok)
        return page(res, 400, 'message', frame('Sign-in failed'), {
          message: end.message,
          signIn: true,
        });
      if (!deps.tenantAllowed(end.link.tid)) {
        deps.log.warn({ tid: end.link.tid }, 'portal sign-in from a tenant that is not allowed');
        return page(res, 403, 'message', frame('Sign-in refused'), {
          message: `Your organization (tenant ${end.link.tid || 'unknown'}) is not one this MSP works with.`,
        });
      }
      const id = await deps.sessions.start(end.link);
      res.cookie(COOKIE, id, {
        httpOnly: true,
        secure: deps.secureCookies,
        sameSite: 'lax',
        path: '/portal',
      });
      res.redirect(303, end.then.startsWith('/portal') ? end.then : '/portal');
    }),
  );

  router.post(
    '/portal/logout',
    express.urlencoded({ extended: false, limit: '4kb' }),
    safely(async (req, res) => {
      const v = await visitor(req);
      if (!v) return res.redirect(303, '/portal');
      if (!sameToken((req.body as Record<string, unknown>).csrf, v.session.csrf))
        return page(res, 403, 'message', frame('Refused', v), {
          message:
            'This form did not come from this portal page (its token is missing or wrong). Nothing changed.',
        });
      await deps.sessions.end(v.id);
      res.clearCookie(COOKIE, { path: '/portal' });
      res.redirect(303, '/portal');
    }),
  );

  /** A customer page: signed in, and allowed to see the customer in the URL. */
  const customerPage = (
    path: string,
    handler: (req: Request, res: Response, v: Visitor, c: PortalCustomer) => Promise<void>,
  ) =>
    router.get(
      `/portal/c/:customer${path}`,
      safely(async (req, res) => {
        const v = await visitor(req);
        if (!v) return res.redirect(303, '/portal');
        // Unknown and not allowed look alike: the URL must not tell which customers exist.
        const c = v.visible.find((x) => x.id === req.params.customer);
        if (!c)
          return page(res, 403, 'message', frame('Not yours to see', v), {
            message:
              'You may not see this customer. Your own customers are listed on the portal’s first page.',
          });
        await handler(req, res, v, c);
      }),
    );

  customerPage('', async (_req, res, v, c) => {
    const o = await deps.data.overview(c.id);
    page(res, 200, 'overview', frame(`${c.name}: overview`, v, c), {
      asOf: when(o.asOf, c.timezone),
      compliance: `${o.compliancePct.toFixed(1)} %`,
      critical: o.devicesWithCritical,
      offline: o.offline,
      devices: o.devices,
      openAlerts: o.openAlerts,
    });
  });

  customerPage('/reports', async (_req, res, v, c) => {
    const reports = (await deps.data.reports(c.id)).map((r) => ({
      ...r,
      expires: when(r.expires, c.timezone),
    }));
    page(res, 200, 'reports', frame(`${c.name}: reports`, v, c), { reports });
  });

  customerPage('/reports/:report', async (req, res, v, c) => {
    const file = await deps.data.report(c.id, String(req.params.report));
    if (!file)
      return page(res, 404, 'message', frame('No such report', v, c), {
        message: 'This report is not kept any more. Ask for it again in chat.',
      });
    await audit(deps, v, c, 'portal:report-download', {
      report: req.params.report,
      file: file.fileName,
    });
    res.type('application/pdf').attachment(file.fileName).send(file.pdf);
  });

  const filtered = async (req: Request, c: PortalCustomer) => {
    const filter = filterOf(req.query);
    const [sessions, audits] = await Promise.all([
      deps.data.sessions(c.id),
      deps.data.auditLines(c.id),
    ]);
    return { filter, lines: accessLines(sessions, audits, filter, c.timezone) };
  };

  customerPage('/access', async (req, res, v, c) => {
    const { filter, lines } = await filtered(req, c);
    // The filter holds only what was given and well formed.
    const query = new URLSearchParams({ ...filter }).toString();
    page(res, 200, 'access', frame(`${c.name}: access log`, v, c), {
      lines,
      ...filter,
      csv: `/portal/c/${c.id}/access.csv${query ? `?${query}` : ''}`,
    });
  });

  customerPage('/access.csv', async (req, res, v, c) => {
    const { filter, lines } = await filtered(req, c);
    await audit(deps, v, c, 'portal:access-export', { ...filter, lines: lines.length });
    res.type('text/csv; charset=utf-8').attachment(`${c.id}-access-log.csv`).send(accessCsv(lines));
  });

  customerPage('/support', async (_req, res, v, c) => {
    page(res, 200, 'support', frame(`${c.name}: support and schedules`, v, c), c.support);
  });

  return router;
}

function page(
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

async function audit(
  deps: PortalDeps,
  v: Visitor,
  c: PortalCustomer,
  act: string,
  args: Record<string, unknown>,
): Promise<void> {
  const link = v.session.link;
  await deps.audit.record({
    at: (deps.clock?.() ?? new Date()).toISOString(),
    actor: { channel: 'web', userId: link.oid, displayName: link.upn, tenantId: link.tid },
    conversationId: 'portal',
    customer: c.id,
    act,
    args,
    outcome: 'ok',
    correlationId: randomUUID(),
  });
}
