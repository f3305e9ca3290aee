import { randomBytes } from 'node:crypto';
import type { Action1Sim, Reply, Route } from './action1-sim';
import { action1Error } from './wire';

/** What the policy and onboarding change in Action1: rescans, groups and their members. */
export function changeRoutes(sim: Action1Sim): Route[] {
  const orgOr404 = sim.orgOr404.bind(sim);
  const endpoint = sim.endpointIn.bind(sim);
  const notFound: Reply = [404, action1Error(404, 'Group not found')];
  const groupsOf = (o: NonNullable<ReturnType<Action1Sim['org']>>) => sim.groups(o);
  return [
    [
      'POST',
      /^\/installed-software\/([^/]+)\/requery\/([^/]+)$/,
      ([org, id]) =>
        endpoint(org, id)
          ? [200, { type: 'Success', status: 200, user_message: 'Requery requested' }]
          : [404, action1Error(404, 'Endpoint not found')],
    ],
    [
      'POST',
      /^\/endpoints\/groups\/([^/]+)$/,
      ([org], _url, raw) =>
        orgOr404(org, (o) => {
          const body = (raw ?? {}) as { name?: unknown; description?: unknown };
          if (typeof body.name !== 'string' || !body.name)
            return [400, action1Error(400, 'Group name is required')];
          const made = sim.madeGroups.get(o.id) ?? [];
          if (groupsOf(o).some((g) => g.name === body.name))
            return [409, action1Error(409, 'A group with this name already exists')];
          const group = {
            id: `grp-${randomBytes(5).toString('hex')}`,
            name: body.name,
            description: typeof body.description === 'string' ? body.description : '',
            members: new Set<string>(),
          };
          sim.madeGroups.set(o.id, [...made, group]);
          return [200, { id: group.id, type: 'EndpointGroup', name: group.name }];
        }),
    ],
    [
      'POST',
      /^\/endpoints\/groups\/([^/]+)\/([^/]+)\/contents$/,
      ([org, grp], _url, raw) =>
        orgOr404(org, (o) => {
          const group = sim.madeGroups.get(o.id)?.find((g) => g.id === grp);
          if (!group) return notFound;
          // A JSON array of {method:"POST",data:{endpoint_id}} / {method:"DELETE",endpoint_id}.
          if (!Array.isArray(raw)) return [400, action1Error(400, 'Body must be an array')];
          for (const op of raw as {
            method?: string;
            endpoint_id?: string;
            data?: { endpoint_id?: string };
          }[]) {
            const id = op.method === 'DELETE' ? op.endpoint_id : op.data?.endpoint_id;
            if (!id || !endpoint(o.id, id))
              return [400, action1Error(400, `Unknown endpoint ${id}`)];
            if (op.method === 'DELETE') group.members.delete(id);
            else group.members.add(id);
          }
          return [200, { result: 'OK' }];
        }),
    ],
  ];
}
