import express, { type Router } from 'express';
import type { AuditTrail } from '../core/audit';
import type { Log } from '../core/ports';
import type { ReportFiles } from './report-files';

/**
 * GET /reports/:id?expires=…&sig=…: the PDF (or an audit export's CSV) behind a signed,
 * expiring link. Every use, allowed or not, is in the audit trail; a forged or expired link gets
 * a plain answer and no file.
 */
export function reportRoute(deps: {
  files: ReportFiles;
  audit: AuditTrail;
  log: Log;
  clock?: () => Date;
}): Router {
  const router = express.Router();
  router.get('/reports/:id', (req, res) => {
    void (async () => {
      const now = deps.clock?.() ?? new Date();
      const q = (name: string) => (typeof req.query[name] === 'string' ? req.query[name] : '');
      const check = await deps.files.check(req.params.id, q('expires'), q('sig'), now);
      await deps.audit
        .record({
          at: now.toISOString(),
          actor: { channel: 'teams', userId: 'download-link', displayName: req.ip ?? 'unknown' },
          conversationId: 'report-link',
          customer: check.ok ? check.report.customer || undefined : undefined,
          act: 'report:download',
          args: { id: req.params.id, file: check.ok ? check.report.fileName : undefined },
          outcome: check.ok ? 'ok' : 'denied',
          detail: check.ok ? undefined : check.why,
          correlationId: `report-${req.params.id}`.slice(0, 64),
        })
        .catch((err: unknown) => deps.log.error({ err }, 'report download not audited'));
      if (!check.ok) {
        res.status(check.status).type('text/plain').send(`${check.why}.`);
        return;
      }
      res
        .status(200)
        .set({
          'content-type': check.report.fileName.endsWith('.csv')
            ? 'text/csv; charset=utf-8'
            : 'application/pdf',
          'content-disposition': `attachment; filename="${check.report.fileName}"`,
          'cache-control': 'no-store',
        })
        .send(check.report.pdf);
    })().catch((err: unknown) => {
      deps.log.error({ err }, 'report download failed');
      res.status(500).type('text/plain').send('Something went wrong; try the link again.');
    });
  });
  return router;
}
