import express, { type Request, type Response, type Router } from 'express';
import { cardTime } from '../core/wording';
import { PORTAL_REPORT_KINDS } from './portal-ports';
import { sameToken } from './portal-sessions';
import { PORTAL_CSS } from './portal-views';
import { accessLines, accessCsv, filterOf, rangeOf, sourcesFor } from './portal-access';
import { addSignInRoutes } from './portal-sign-in';
import { PortalWeb, type PortalCustomer, type PortalDeps, type Visitor } from './portal-web';

export type { PortalCustomer, PortalDeps } from './portal-web';

const KIND_CHOICES = [
  { value: 'monthly', label: 'Monthly hygiene report (last month)' },
  { value: 'baseline', label: 'Baseline health report (today)' },
  { value: 'quarterly', label: 'Quarterly review (last quarter)' },
  { value: 'incidents', label: 'Incident summary (last month)' },
];
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

/**
 * The customer portal under /portal: sign-in with the same identity provider and roles as chat;
 * a customer's viewers and approvers see only their own customer, MSP staff pick one. Every
 * customer page checks the visitor's roles for the customer in the URL; a customer they may
 * not see and one that does not exist get the same answer. Downloads and exports are audited.
 */
export function portalRouter(deps: PortalDeps): Router {
  const router = express.Router();
  const web = new PortalWeb(deps);
  const now = () => deps.clock?.() ?? new Date();
  const { page, frame, visitor, safely } = {
    page: web.page.bind(web),
    frame: web.frame.bind(web),
    visitor: web.visitor.bind(web),
    safely: web.safely.bind(web),
  };
  router.use('/portal', (_req, res, next) => {
    res.set(HEADERS);
    next();
  });
  router.get('/portal/portal.css', (_req, res) => {
    res.type('text/css').send(PORTAL_CSS);
  });
  addSignInRoutes(router, web);

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
      asOf: cardTime(o.asOf, c.timezone, now()),
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
      madeAt: cardTime(r.madeAt, c.timezone, now()),
    }));
    page(res, 200, 'reports', frame(`${c.name}: reports`, v, c), { reports, kinds: KIND_CHOICES });
  });

  // Making a report: a form, so its token must be this session's.
  router.post(
    '/portal/c/:customer/reports',
    express.urlencoded({ extended: false, limit: '4kb' }),
    safely(async (req, res) => {
      const v = await visitor(req);
      if (!v) return res.redirect(303, '/portal');
      const c = v.visible.find((x) => x.id === req.params.customer);
      const form = req.body as Record<string, unknown>;
      if (!c || !sameToken(form.csrf, v.session.csrf))
        return page(res, 403, 'message', frame('Refused', v), {
          message:
            'This form did not come from your portal page, or the customer is not yours. Nothing was made.',
        });
      const kind = PORTAL_REPORT_KINDS.find((k) => k === form.kind);
      if (!kind)
        return page(res, 400, 'message', frame('No such report', v, c), {
          message: `A report is one of: ${PORTAL_REPORT_KINDS.join(', ')}. Nothing was made.`,
        });
      await deps.data.generate(c.id, kind);
      await web.audit(v, c, 'portal:report-generate', { kind });
      res.redirect(303, `/portal/c/${c.id}/reports`);
    }),
  );

  customerPage('/reports/:report', async (req, res, v, c) => {
    const file = await deps.data.report(c.id, String(req.params.report));
    if (!file)
      return page(res, 404, 'message', frame('No such report', v, c), {
        message: 'This report is not kept any more. Ask for it again in chat.',
      });
    await web.audit(v, c, 'portal:report-download', {
      report: req.params.report,
      file: file.fileName,
    });
    res.type('application/pdf').attachment(file.fileName).send(file.pdf);
  });

  const filtered = async (req: Request, c: PortalCustomer) => {
    const filter = filterOf(req.query);
    // Only what the filter's kind shows is read; the audit trail only back to its first day.
    const wanted = sourcesFor(filter);
    const [sessions, audits] = await Promise.all([
      wanted.sessions ? deps.data.sessions(c.id) : [],
      wanted.audit ? deps.data.auditLines(c.id, rangeOf(filter, c.timezone)) : [],
    ]);
    return { filter, lines: accessLines(sessions, audits, filter, c.timezone) };
  };

  customerPage('/access', async (req, res, v, c) => {
    const { filter, lines } = await filtered(req, c);
    // The filter holds only what was given and well formed.
    const query = new URLSearchParams({ ...filter }).toString();
    page(res, 200, 'access', frame(`${c.name}: access log`, v, c), {
      lines: lines.map((l) => ({ ...l, when: cardTime(l.when, c.timezone, now()) })),
      ...filter,
      csv: `/portal/c/${c.id}/access.csv${query ? `?${query}` : ''}`,
    });
  });

  customerPage('/access.csv', async (req, res, v, c) => {
    const { filter, lines } = await filtered(req, c);
    await web.audit(v, c, 'portal:access-export', { ...filter, lines: lines.length });
    res.type('text/csv; charset=utf-8').attachment(`${c.id}-access-log.csv`).send(accessCsv(lines));
  });

  customerPage('/support', async (_req, res, v, c) => {
    page(res, 200, 'support', frame(`${c.name}: support and schedules`, v, c), c.support);
  });

  return router;
}
