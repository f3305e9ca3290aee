import express, { type Router } from 'express';
import { sameToken } from './portal-sessions';
import { COOKIE, type PortalWeb } from './portal-web';

/** /portal/login, /portal/callback and /portal/logout: the session's start and end. */
export function addSignInRoutes(router: Router, web: PortalWeb): void {
  const { deps } = web;
  router.get(
    '/portal/login',
    web.safely(async (_req, res) => {
      res.redirect(302, await deps.signIn.begin('/portal'));
    }),
  );

  router.get(
    '/portal/callback',
    web.safely(async (req, res) => {
      const end = await deps.signIn.end(req.query);
      if (!end.ok)
        return web.page(res, 400, 'message', web.frame('Sign-in failed'), {
          message: end.message,
          signIn: true,
        });
      if (!deps.tenantAllowed(end.link.tid)) {
        deps.log.warn({ tid: end.link.tid }, 'portal sign-in from a tenant that is not allowed');
        return web.page(res, 403, 'message', web.frame('Sign-in refused'), {
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
    web.safely(async (req, res) => {
      const v = await web.visitor(req);
      if (!v) return res.redirect(303, '/portal');
      if (!sameToken((req.body as Record<string, unknown>).csrf, v.session.csrf))
        return web.page(res, 403, 'message', web.frame('Refused', v), {
          message:
            'This form did not come from this portal page (its token is missing or wrong). Nothing changed.',
        });
      await deps.sessions.end(v.id);
      res.clearCookie(COOKIE, { path: '/portal' });
      res.redirect(303, '/portal');
    }),
  );
}
