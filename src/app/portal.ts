import type { ConfidentialClientApplication } from '@azure/msal-node';
import type { Router } from 'express';
import type { Config } from '../config/config';
import { effectivePolicy, type Customer } from '../config/customer';
import { reachOf } from '../config/support-schema';
import type { AuditTrail } from '../core/audit';
import type { FleetReads } from '../core/fleet-reads';
import type { Log } from '../core/ports';
import type { Store } from '../core/store';
import type { TenantGate } from '../core/tenant-gate';
import { summarise } from '../core/patch-summary';
import { OidcRoundTrip } from '../identity/oidc-round-trip';
import type { EntraRoleResolver } from '../identity/role-resolver';
import { AccessBook } from '../access/access-book';
import { AlertBook } from '../alerts/alert-book';
import { readBackwards } from '../audit/audit-query';
import { actWords } from '../audit/audit-lines';
import { ReportArchive } from '../reports/report-archive';
import type { ReportDesk } from '../reports/report-desk';
import { periodFor } from '../reports/report-period';
import { PortalSessions } from '../portal/portal-sessions';
import { portalRouter, type PortalCustomer } from '../portal/portal-router';
import type { PortalData } from '../portal/portal-ports';
import type { Identity } from './identity';

/**
 * Everything served as web pages: report downloads, the chat sign-in's pages and the portal
 * (both only where sign-in is set up).
 */
export function webRouters(
  parts: Omit<Parameters<typeof buildPortal>[0], 'msal' | 'roles' | 'desk'> & {
    identity: Identity;
    reports: { router: Router; desk: ReportDesk };
  },
): Router[] {
  const { identity } = parts;
  const portal = buildPortal({
    ...parts,
    msal: identity.msal,
    roles: identity.roles,
    desk: parts.reports.desk,
  });
  return [
    parts.reports.router,
    ...(identity.signIn ? [identity.signIn.router()] : []),
    ...(portal ? [portal] : []),
  ];
}

/** How long a portal sign-in lasts. */
const SESSION_HOURS = 8;
/** The most session records the access log lists. */
const SESSION_LINES = 500;

/** The customer portal (runbook section 8 item 5), where Entra (or OpenID) sign-in is set up. */
export function buildPortal(parts: {
  config: Readonly<Config>;
  store: Store;
  customers: readonly Customer[];
  msal?: ConfidentialClientApplication;
  roles: EntraRoleResolver;
  tenants: TenantGate;
  fleetReads: FleetReads;
  audit: AuditTrail;
  desk: ReportDesk;
  log: Log;
  clock?: () => Date;
}): Router | undefined {
  const { config, store, msal } = parts;
  if (!msal) return undefined;
  const trip = new OidcRoundTrip<{ then: string }>({
    store,
    msal,
    prefix: 'portal',
    redirectUri: `${config.publicUrl}/portal/callback`,
  });
  return portalRouter({
    msp: config.file.msp.name,
    customers: parts.customers.map((c) => portalCustomer(c, config)),
    sessions: new PortalSessions(store, SESSION_HOURS),
    signIn: {
      begin: (then) => trip.begin({ then }),
      end: async (query) => {
        const end = await trip.end(query);
        return end.ok ? { ok: true, link: end.link, then: end.carried.then } : end;
      },
    },
    tenantAllowed: (tid) => parts.tenants.allows(tid),
    grants: (link) => parts.roles.grantsForSignIn(link),
    data: portalData(parts),
    audit: parts.audit,
    secureCookies: !isLoopbackHttp(config.publicUrl),
    log: parts.log,
    clock: parts.clock,
  });
}

/** What the portal reads, from the features that own it. */
function portalData(parts: {
  store: Store;
  customers: readonly Customer[];
  fleetReads: FleetReads;
  audit: AuditTrail;
  desk: ReportDesk;
  config: Readonly<Config>;
  clock?: () => Date;
}): PortalData {
  const { store, config } = parts;
  const alerts = new AlertBook(store);
  const access = new AccessBook(store);
  const archive = new ReportArchive(store, config.file.reports.keepDays);
  const now = () => parts.clock?.() ?? new Date();
  const fleetOf = (id: string) => parts.customers.find((c) => c.id === id)?.fleetId;
  return {
    async overview(customer) {
      const fleetId = fleetOf(customer);
      const view = fleetId
        ? await parts.fleetReads.endpoints(fleetId)
        : { endpoints: [], asOf: now() };
      const s = summarise(view.endpoints);
      return {
        devices: s.devices,
        compliancePct: s.compliancePct,
        devicesWithCritical: s.devicesWithCritical,
        offline: s.offline,
        openAlerts: (await alerts.unresolved(customer)).length,
        asOf: view.asOf,
      };
    },
    sessions: (customer) => access.summaries(customer, SESSION_LINES),
    async auditLines(customer, range) {
      // Every page view: the customer's entries without verifying the chain, read back only as
      // far as the filter's first day.
      const entries = await readBackwards(parts.audit, { customer, ...range });
      return entries.map((e) => ({
        when: e.at,
        kind: 'audit entry',
        who: e.actor.displayName ?? e.actor.userId,
        what: actWords(e.act),
        outcome: e.outcome,
      }));
    },
    async reports(customer) {
      return (await archive.list(customer, now())).map((r) => ({
        id: r.id,
        title: r.title,
        periodLabel: r.periodLabel,
        fileName: r.fileName,
        madeAt: new Date(r.madeAt),
      }));
    },
    async report(customer, id) {
      const found = await archive.file(customer, id);
      return found && { fileName: found.report.fileName, pdf: found.pdf };
    },
    async generate(customer, kind) {
      const when = periodFor(kind, now());
      if (!when.ok) throw new Error(when.problem);
      // Made like `report` in chat, and archived by the maker like every report.
      await parts.desk.maker.make(kind, parts.desk.customer(customer), when.period);
    },
  };
}

/** A customer as the portal shows it: the support page's lines come from the config. */
function portalCustomer(c: Customer, config: Readonly<Config>): PortalCustomer {
  const policy = effectivePolicy(config.file.policy, c.policyOverrides);
  const s = c.support;
  const window = c.maintenanceWindow;
  return {
    id: c.id,
    name: c.name,
    timezone: c.timezone,
    support: {
      contacts: (s?.contacts ?? []).map((p) =>
        [p.role ? `${p.name}, ${p.role}` : p.name, reachOf(p), p.hours].filter(Boolean).join(' · '),
      ),
      levels: (s?.escalation ?? []).map((l) => `${l.name}: ${l.when} · ${reachOf(l)}`),
      schedule: [
        `Operating-system updates: ${policy.osUpdates.day} at ${policy.osUpdates.time} UTC${policy.osUpdates.reboot ? ', with a restart' : ''}`,
        `Third-party application updates: daily at ${policy.thirdPartyUpdatesDaily} UTC`,
        `Critical patches: within ${policy.criticalPatchWithinHours} hours`,
        window
          ? `Maintenance window: ${window.day} from ${window.start} for ${window.hours} h (${c.timezone})`
          : 'No maintenance window is set.',
      ],
    },
  };
}

/**
 * A bot on plain HTTP at a loopback address is someone trying it on their own machine: the
 * browser would not send back a Secure cookie there. Everywhere else the cookie is Secure.
 */
function isLoopbackHttp(publicUrl: string): boolean {
  const url = new URL(publicUrl);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}
