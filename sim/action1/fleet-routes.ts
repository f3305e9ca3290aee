import { randomBytes } from 'node:crypto';
import { changeRoutes } from './change-routes';
import { softwareRoutes } from './software-routes';
import type { Action1Sim, Reply, Route } from './action1-sim';
import type { SimEndpoint, SimOrg } from './fleet-generator';
import { action1Error, endpointJson, packageJson, resultPage } from './wire';

/** RemoteSession as Action1's contract gives it: the link is remote_session, connected yes/no. */
const remoteSession = (
  s: { id: string; orgId: string; endpointId: string },
  endpointName: string,
  connected: boolean,
) => ({
  id: s.id,
  type: 'RemoteSession',
  self: `https://app.action1.com/api/3.0/endpoints/managed/${s.orgId}/${s.endpointId}/remote-sessions/${s.id}`,
  connected: connected ? 'yes' : 'no',
  connection_type: 'assistance',
  endpoint_name: endpointName,
  remote_session: `https://app.action1.com/rs/${s.id}`,
});

/** The file each installer kind downloads as. */
const INSTALLER_FILE: Record<string, string> = {
  WindowsMSI: 'action1_agent.msi',
  MacPKG: 'action1_agent.pkg',
  LinuxDEB: 'action1_agent.deb',
};

/** Organizations, endpoints, updates, software (per device and org-wide), groups, agent links, remote sessions, CVEs. */
export function fleetRoutes(sim: Action1Sim): Route[] {
  const notFound: Reply = [404, action1Error(404, 'Not found')];
  const orgOr404 = (id: string | undefined, then: (org: SimOrg) => Reply) => sim.orgOr404(id, then);
  const endpoint = (orgId: string | undefined, id: string | undefined) => sim.endpointIn(orgId, id);
  const json = (e: SimEndpoint, url: URL) =>
    endpointJson(e, sim.fleet, sim.baseUrl, url.searchParams.get('fields') === '*');
  const groupsOf = (org: SimOrg) => sim.groups(org);
  return [
    [
      'GET',
      /^\/organizations$/,
      (_m, url) => [
        200,
        resultPage(
          sim.fleet.orgs.map((o) => ({
            id: o.id,
            type: 'Organization',
            name: o.name,
            description: '',
            self: `${sim.baseUrl}/organizations/${o.id}`,
          })),
          url,
          sim.page,
        ),
      ],
    ],
    ['GET', /^\/Me$/i, () => [200, { id: 'api-user', type: 'User', email: 'api@msp.example' }]],
    [
      'GET',
      /^\/endpoints\/managed\/([^/]+)$/,
      ([org], url) =>
        orgOr404(org, (o) => {
          const status = url.searchParams.get('status');
          const items = sim
            .endpointsOf(o.id)
            .filter((e) => !status || (status === 'Connected') === e.online);
          return [200, resultPage(items, url, sim.page, (e) => json(e, url))];
        }),
    ],
    [
      'GET',
      /^\/endpoints\/managed\/([^/]+)\/([^/]+)$/,
      ([org, id], url) => {
        const e = endpoint(org, id);
        return e ? [200, json(e, url)] : notFound;
      },
    ],
    [
      'GET',
      /^\/endpoints\/managed\/([^/]+)\/([^/]+)\/missing-updates$/,
      ([org, id], url) => {
        const e = endpoint(org, id);
        return e
          ? [
              200,
              resultPage(
                e.missing.map((i) => packageJson(sim.fleet.updates[i] as never)),
                url,
                sim.page,
              ),
            ]
          : notFound;
      },
    ],
    [
      'GET',
      /^\/updates\/([^/]+)$/,
      ([org], url) =>
        orgOr404(org, (o) => {
          const severity = url.searchParams.get('security_severity')?.toLowerCase();
          const used = new Set(sim.endpointsOf(o.id).flatMap((e) => e.missing));
          const items = [...used]
            .sort((a, b) => a - b)
            .map((i) => sim.fleet.updates[i])
            .filter((u) => u && (!severity || u.severity.toLowerCase() === severity));
          return [
            200,
            resultPage(
              items.map((u) => packageJson(u as never)),
              url,
              sim.page,
            ),
          ];
        }),
    ],
    ...softwareRoutes(sim),
    [
      'GET',
      /^\/endpoints\/groups\/([^/]+)$/,
      ([org], url) =>
        orgOr404(org, (o) => [
          200,
          resultPage(
            groupsOf(o).map(({ id, type, name }) => ({ id, type, name })),
            url,
            sim.page,
          ),
        ]),
    ],
    ...changeRoutes(sim),
    [
      'GET',
      /^\/endpoints\/groups\/([^/]+)\/([^/]+)\/contents$/,
      ([org, grp], url) =>
        orgOr404(org, (o) => {
          const group = groupsOf(o).find((g) => g.id === grp);
          return group
            ? [
                200,
                resultPage(
                  sim
                    .endpointsOf(o.id)
                    .filter(group.members)
                    .map((e) => json(e, url)),
                  url,
                  sim.page,
                ),
              ]
            : notFound;
        }),
    ],
    [
      'GET',
      /^\/endpoints\/agent-installation\/([^/]+)\/([^/]+)$/,
      ([org, type]) =>
        orgOr404(org, (o) => [
          200,
          {
            id: `${o.id}-${type}`,
            type: 'AgentInstallation',
            self: `https://app.action1.com/api/3.0/endpoints/agent-installation/${o.id}/${type}`,
            download_URL: `https://app.action1.com/agent/${o.id}/${type}/${INSTALLER_FILE[type ?? ''] ?? 'action1_agent'}`,
          },
        ]),
    ],
    [
      'POST',
      /^\/endpoints\/managed\/([^/]+)\/([^/]+)\/remote-sessions$/,
      ([org, id]) => {
        const e = endpoint(org, id);
        if (!e) return notFound;
        // The contract lists 400 (not a conflict code) for a session Action1 can't open.
        if (!e.online) return [400, action1Error(400, 'The endpoint is offline')];
        const session = { id: randomBytes(8).toString('hex'), orgId: e.orgId, endpointId: e.id };
        sim.remoteSessions.set(session.id, session);
        return [200, remoteSession(session, e.name, false)];
      },
    ],
    [
      'GET',
      /^\/endpoints\/managed\/([^/]+)\/([^/]+)\/remote-sessions\/([^/]+)$/,
      ([org, id, sid]) => {
        const session = sim.remoteSessions.get(sid ?? '');
        const e = endpoint(org, id);
        if (!session || !e || session.endpointId !== e.id) return notFound;
        // The agent joins once asked; an endpoint that went offline never does.
        return [200, remoteSession(session, e.name, e.online)];
      },
    ],
    [
      'GET',
      /^\/vulnerabilities\/([^/]+)$/,
      ([org], url) =>
        orgOr404(org, (o) => {
          const affected = sim
            .endpointsOf(o.id)
            .filter((e) => e.software.some(([i, outdated]) => i === 0 && outdated));
          const items =
            affected.length === 0
              ? []
              : [
                  {
                    cve_id: 'CVE-2026-7011',
                    name: 'Chrome heap overflow',
                    score: 'Critical',
                    cvss_score: '9.6',
                    base_severity: 'CRITICAL',
                    remediation_status: 'Overdue',
                    software: [
                      {
                        product_name: 'Google Chrome',
                        versions: [{ version: '127.0.6533.120' }],
                        available_updates: [
                          {
                            package_id: 'chrome-critical_builtin',
                            version: '131.0.6778.86',
                            name: 'Google Chrome',
                          },
                        ],
                      },
                    ],
                    endpoints_count: affected.length,
                  },
                ];
          return [200, resultPage(items, url, { ...sim.page, withNextPage: false })];
        }),
    ],
  ];
}
