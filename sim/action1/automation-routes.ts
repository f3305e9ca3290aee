import { randomBytes } from 'node:crypto';
import type { Action1Sim, Route } from './action1-sim';
import { action1Error, action1Time, resultPage } from './wire';

interface Run {
  id: string;
  orgId: string;
  name: string;
  created: number;
  endpointIds: string[];
  /** Update ids to install, or every missing update. */
  packages: string[] | 'all';
  done: boolean;
  results: Map<string, string>;
  retryMinutes: string;
  actions: unknown[];
}

interface ActionBody {
  name?: string;
  endpoints?: { id?: string; type?: string }[];
  actions?: {
    template_id?: string;
    params?: { scope?: string; packages?: Record<string, string>[] };
  }[];
  settings?: string;
  retry_minutes?: string;
}

/**
 * A schedule as Action1 keeps it: each action gets an id, the time zone defaults to UTC, and
 * the settings are written back in a spelling of its own (days in week order, AT with colons,
 * the saved date that WEEKLY ignores). How a real tenant re-spells them is not documented; the
 * simulator does it so that drift must compare schedules by meaning (docs/integrations.md).
 */
function kept(body: ActionBody, id: string, saved: Date): Record<string, unknown> {
  const week = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const settings = String(body.settings ?? '')
    .replace(/WEEKLY:(\S+)/, (_, days: string) => {
      const listed = days.split(',');
      return `WEEKLY:${week.filter((d) => listed.includes(d)).join(',')}`;
    })
    .replace(/AT:(\d\d)-(\d\d)-(\d\d)/, 'AT:$1:$2:$3');
  return {
    ...body,
    settings:
      /WEEKLY|MONTHLY/.test(settings) && !settings.includes('DATE:')
        ? `${settings} DATE:${saved.toISOString().slice(0, 10)}`
        : settings,
    settings_timezone: (body as { settings_timezone?: string }).settings_timezone ?? 'UTC',
    actions: (body.actions ?? []).map((a, i) => ({ ...a, id: `${id}_action_${i}` })),
    id,
    type: 'AutomationSchedule',
    next_run: action1Time(new Date(saved.getTime() + 86_400_000)),
  };
}

/**
 * Automations: schedules and run-now instances. A deploy_update run finishes after
 * runDurationMs: online target devices lose the updates it deployed; offline ones stay pending.
 */
export function automationRoutes(sim: Action1Sim): Route[] {
  const runs = new Map<string, Run>();
  const schedules = new Map<string, Record<string, unknown>[]>();

  const finish = (run: Run) => {
    if (run.done || Date.now() < run.created + (sim.options.runDurationMs ?? 0)) return;
    run.done = true;
    for (const id of run.endpointIds) {
      const e = sim.fleet.endpoints.find((x) => x.id === id);
      if (!e) continue;
      if (!e.online) {
        run.results.set(id, 'Pending');
        continue;
      }
      e.missing =
        run.packages === 'all'
          ? []
          : e.missing.filter(
              (i) => !(run.packages as string[]).includes(sim.fleet.updates[i]?.id ?? ''),
            );
      if (e.missing.length === 0) e.rebootRequired = true;
      run.results.set(id, 'Success');
    }
  };

  // AutomationInstance as the contract gives it: Pending, Stopped, Running, Success, Warning or
  // Error; a run done with endpoints still pending (offline) finished with a Warning.
  const instanceJson = (run: Run) => {
    finish(run);
    const pending = [...run.results.values()].some((s) => s === 'Pending');
    return {
      id: run.id,
      type: 'AutomationInstance',
      name: run.name,
      retry_minutes: run.retryMinutes,
      actions: run.actions,
      status: run.done ? (pending ? 'Warning' : 'Success') : 'Running',
      start_time: new Date(run.created).toISOString(),
      ...(run.done && {
        end_time: new Date(run.created + (sim.options.runDurationMs ?? 0)).toISOString(),
      }),
      endpoints_count: run.endpointIds.length,
    };
  };

  const create = (orgId: string, raw: unknown): [number, unknown] => {
    const org = sim.org(orgId);
    if (!org) return [404, action1Error(404, 'Organization not found')];
    const body = (raw ?? {}) as ActionBody;
    const action = body.actions?.[0];
    if (
      !body.name ||
      !Array.isArray(body.endpoints) ||
      body.endpoints.length === 0 ||
      action?.template_id !== 'deploy_update'
    ) {
      return [
        400,
        action1Error(
          400,
          'Body needs name, endpoints[] and actions[0].template_id "deploy_update"',
        ),
      ];
    }
    const groups = sim.groups(org);
    const endpointIds = new Set<string>();
    for (const target of body.endpoints) {
      const group =
        target.type === 'EndpointGroup' ? groups.find((g) => g.id === target.id) : undefined;
      if (target.type === 'EndpointGroup' && !group)
        return [400, action1Error(400, `Unknown endpoint group ${target.id}`)];
      for (const e of sim.endpointsOf(orgId))
        if (group ? group.members(e) : e.id === target.id) endpointIds.add(e.id);
    }
    if (endpointIds.size === 0) return [400, action1Error(400, 'No endpoints match the targets')];
    const packages = action.params?.packages ?? [];
    const run: Run = {
      id: randomBytes(8).toString('hex'),
      orgId,
      name: body.name,
      created: Date.now(),
      endpointIds: [...endpointIds],
      packages: action.params?.scope === 'All' ? 'all' : packages.flatMap((p) => Object.keys(p)),
      done: false,
      results: new Map(),
      retryMinutes: String(body.retry_minutes ?? ''),
      actions: body.actions ?? [],
    };
    runs.set(run.id, run);
    return [200, instanceJson(run)];
  };

  const byId = (orgId: string | undefined, id: string | undefined) => {
    const run = id ? runs.get(id) : undefined;
    return run && run.orgId === orgId ? run : undefined;
  };
  const notFound: [number, unknown] = [404, action1Error(404, 'Automation instance not found')];

  const routes: Route[] = [];
  {
    const prefix = 'automations';
    routes.push(
      [
        'GET',
        new RegExp(`^/${prefix}/schedules/([^/]+)$`),
        ([org], url) => [200, resultPage(schedules.get(org ?? '') ?? [], url, sim.page)],
      ],
      [
        'POST',
        new RegExp(`^/${prefix}/schedules/([^/]+)$`),
        ([org], _url, raw) => {
          const body = (raw ?? {}) as ActionBody;
          if (!body.name || !body.actions)
            return [400, action1Error(400, 'Body needs name and actions')];
          const schedule = kept(body, randomBytes(6).toString('hex'), new Date());
          schedules.set(org ?? '', [...(schedules.get(org ?? '') ?? []), schedule]);
          return [200, schedule];
        },
      ],
      [
        'PATCH',
        new RegExp(`^/${prefix}/schedules/([^/]+)/([^/]+)$`),
        ([org, id], _url, raw) => {
          const list = schedules.get(org ?? '') ?? [];
          const found = list.find((x) => x.id === id);
          if (!found) return [404, action1Error(404, 'Automation not found')];
          // The contract's PATCH body is a whole schedule: it replaces what was there.
          const next = kept((raw ?? {}) as ActionBody, String(found.id), new Date());
          list.splice(list.indexOf(found), 1, next);
          return [200, next];
        },
      ],
      [
        'DELETE',
        new RegExp(`^/${prefix}/schedules/([^/]+)/([^/]+)$`),
        ([org, id]) => {
          const list = schedules.get(org ?? '') ?? [];
          if (!list.some((x) => x.id === id))
            return [404, action1Error(404, 'Automation not found')];
          schedules.set(
            org ?? '',
            list.filter((x) => x.id !== id),
          );
          return [200, { type: 'Success', status: 200, user_message: 'Deleted' }];
        },
      ],
      [
        'POST',
        new RegExp(`^/${prefix}/instances/([^/]+)$`),
        ([org], _url, body) => create(org ?? '', body),
      ],
      [
        'GET',
        new RegExp(`^/${prefix}/instances/([^/]+)$`),
        ([org], url) => [
          200,
          resultPage(
            [...runs.values()].filter((r) => r.orgId === org).map(instanceJson),
            url,
            sim.page,
          ),
        ],
      ],
      [
        'GET',
        new RegExp(`^/${prefix}/instances/([^/]+)/([^/]+)$`),
        ([org, id]) => {
          const run = byId(org, id);
          return run ? [200, instanceJson(run)] : notFound;
        },
      ],
      [
        'GET',
        new RegExp(`^/${prefix}/instances/([^/]+)/([^/]+)/endpoint[-_]results$`),
        ([org, id], url) => {
          const run = byId(org, id);
          if (!run) return notFound;
          finish(run);
          const rows = run.endpointIds.map((eid) => {
            const e = sim.fleet.endpoints.find((x) => x.id === eid);
            const status = run.results.get(eid) ?? 'Running';
            return {
              id: eid,
              type: 'EndpointResult',
              endpoint_id: eid,
              endpoint_name: e?.name,
              status,
              description:
                status === 'Pending' ? 'Endpoint offline; will run when it connects' : '',
            };
          });
          return [200, resultPage(rows, url, sim.page)];
        },
      ],
    );
  }
  return routes;
}
