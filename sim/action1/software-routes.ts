import type { Action1Sim, Reply, Route } from './action1-sim';
import type { SimEndpoint, SimOrg } from './fleet-generator';
import { action1Error, platformOf, resultPage } from './wire';

/** Installed software, per device and org-wide, in the shapes Action1's contract gives. */
export function softwareRoutes(sim: Action1Sim): Route[] {
  const notFound: Reply = [404, action1Error(404, 'Not found')];
  const orgOr404 = (id: string | undefined, then: (org: SimOrg) => Reply) => sim.orgOr404(id, then);
  const endpoint = (orgId: string | undefined, id: string | undefined) => sim.endpointIn(orgId, id);
  // InstalledSoftwareEndpoints: one device's applications.
  const installed = (e: SimEndpoint) =>
    e.software.map(([i, outdated]) => {
      const s = sim.fleet.software[i];
      return {
        id: `${e.id}-${i}`,
        type: 'ReportData',
        response_type: 'cache',
        fields: {
          Name: s?.name,
          Version: outdated ? s?.outdated : s?.latest,
          Vendor: s?.vendor,
          'Update Status': outdated ? 'Update Available' : 'Current',
          Platform: platformOf(e.os),
        },
      };
    });
  // A listing is read page by page within moments: build it once, not once per page (a real
  // server pages from its index; rebuilding 8,000 rows per page would make the sim the bottleneck).
  // InstalledSoftwareReportData: org-wide, one summary row per application and version with
  // the number of devices that have it.
  const softwareLists = new Map<string, { at: number; rows: unknown[] }>();
  const orgSoftware = (org: SimOrg) => {
    const cached = softwareLists.get(org.id);
    if (cached && Date.now() - cached.at < 2000) return cached.rows;
    const counts = new Map<string, { i: number; outdated: boolean; platform: string; n: number }>();
    for (const e of sim.endpointsOf(org.id))
      for (const [i, outdated] of e.software) {
        const key = `${i}/${outdated}/${platformOf(e.os)}`;
        const row = counts.get(key) ?? { i, outdated, platform: platformOf(e.os), n: 0 };
        row.n++;
        counts.set(key, row);
      }
    const rows = [...counts].map(([key, r]) => {
      const s = sim.fleet.software[r.i];
      const id = key.replace(/\//g, '_');
      return {
        id,
        type: 'ReportData',
        fields: {
          Name: s?.name,
          Version: r.outdated ? s?.outdated : s?.latest,
          Vendor: s?.vendor,
          Endpoints: String(r.n),
          'Update Status': r.outdated ? 'Update Available' : 'Current',
          Platform: r.platform,
        },
      };
    });
    softwareLists.set(org.id, { at: Date.now(), rows });
    return rows;
  };
  return [
    [
      'GET',
      /^\/installed-software\/([^/]+)\/data$/,
      ([org], url) => orgOr404(org, (o) => [200, resultPage(orgSoftware(o), url, sim.page)]),
    ],
    [
      'GET',
      /^\/installed-software\/([^/]+)\/data\/([^/]+)$/,
      ([org, id], url) => {
        const e = endpoint(org, id);
        return e ? [200, resultPage(installed(e), url, sim.page)] : notFound;
      },
    ],
  ];
}
