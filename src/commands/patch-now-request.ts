import { count } from '../core/wording';
import { randomBytes } from 'node:crypto';
import type { CommandContext } from './services';
import {
  isRmmDevice,
  type DeploymentTarget,
  type Endpoint,
  type MissingUpdate,
} from '../core/fleet';
import { cardReply, textReply, type Reply } from '../core/reply';
import { nearest } from '../core/typed-words';
import { findCustomer, type FleetCustomer } from './customer-lookup';

/** A deployment waiting for its confirmation click, kept in the store (never in the card). */
export interface PatchRequest {
  id: string;
  state: 'pending' | 'deploying' | 'started' | 'finished' | 'cancelled' | 'failed';
  requestedBy: { userId: string; name?: string };
  customer: string;
  customerName: string;
  fleetId: string;
  target: DeploymentTarget;
  devices: number;
  offline: number;
  updates: MissingUpdate[];
  criticalOnly: boolean;
  runId?: string;
  decidedBy?: string;
  at: string;
}

export const REQUEST_TTL_MS = 30 * 60_000;
export const requestKey = (id: string) => `patch-now:${id}`;
const LISTED = 12;

async function resolveTarget(
  ctx: CommandContext,
  customer: FleetCustomer,
  typed: string,
): Promise<{ target: DeploymentTarget; members: Endpoint[] } | Reply> {
  const endpoints = await ctx.fleet.endpoints(customer.fleetId);
  const wanted = typed.toLowerCase();
  const device = endpoints.find((e) => e.name.toLowerCase() === wanted || e.id === typed);
  if (device)
    return { target: { kind: 'endpoint', id: device.id, name: device.name }, members: [device] };
  const groups = await ctx.fleet.groups(customer.fleetId);
  const group = groups.find(
    (g) => g.name.toLowerCase() === wanted || g.id.toLowerCase() === wanted,
  );
  if (group)
    return {
      target: { kind: 'group', id: group.id, name: group.name },
      members: await ctx.fleet.groupMembers(customer.fleetId, group.id),
    };
  const near = nearest(typed, [...groups.map((g) => g.name), ...endpoints.map((e) => e.name)]);
  return textReply(
    `${customer.name} has no device or group \`${typed}\`. Closest: ${near.map((n) => `\`${n}\``).join(', ')}.`,
    { private: true },
  );
}

/** Works out what would be deployed where, stores it, and asks for a confirmation click. */
export async function requestPatch(
  ctx: CommandContext,
  args: { customer?: string; target: string; criticalOnly: boolean },
): Promise<Reply> {
  const found = findCustomer(ctx, args.customer);
  if (!found.ok) return found.reply;
  const customer = found.value;
  const resolved = await resolveTarget(ctx, customer, args.target);
  if ('kind' in resolved) return resolved;
  const { target, members } = resolved;
  if (target.kind === 'endpoint' && !isRmmDevice(target.id))
    return textReply(
      `${target.name} is not managed by Action1, which is what patch-now deploys through: its updates come from its own source. Nothing changed.`,
      { private: true, refused: 'invalid' },
    );
  const candidates =
    target.kind === 'endpoint'
      ? await ctx.fleet.missingUpdates(customer.fleetId, target.id)
      : await ctx.fleet.orgMissingUpdates(customer.fleetId, args.criticalOnly);
  const updates = candidates.filter((u) => !args.criticalOnly || u.critical);
  if (updates.length === 0) {
    return textReply(
      `Nothing to deploy: ${target.name} misses no ${args.criticalOnly ? 'critical ' : ''}updates.`,
      { private: true },
    );
  }
  const request: PatchRequest = {
    id: randomBytes(8).toString('hex'),
    state: 'pending',
    requestedBy: { userId: ctx.actor.userId, name: ctx.actor.displayName },
    customer: customer.id,
    customerName: customer.name,
    fleetId: customer.fleetId,
    target,
    devices: members.length,
    offline: members.filter((e) => !e.online).length,
    updates,
    criticalOnly: args.criticalOnly,
    at: ctx.now.toISOString(),
  };
  await ctx.store.set(requestKey(request.id), JSON.stringify(request), { ttlMs: REQUEST_TTL_MS });
  return confirmationCard(request);
}

export function confirmationCard(r: PatchRequest, outcome?: string): Reply {
  const where = r.target.kind === 'group' ? `group ${r.target.name}` : r.target.name;
  const offline =
    r.offline > 0 ? ` (${r.offline} offline: they install when they next connect)` : '';
  const data = {
    title: `Deploy ${count(r.updates.length, r.criticalOnly ? 'critical update' : 'update')} to ${where}?`,
    facts: [
      { title: 'Customer', value: r.customerName },
      { title: 'Target', value: `${where}: ${count(r.devices, 'device')}${offline}` },
      { title: 'Asked by', value: r.requestedBy.name ?? r.requestedBy.userId },
      { title: 'Reboot', value: 'not forced; users are told' },
    ],
    updates: r.updates.slice(0, LISTED).map((u) => ({ title: u.severity, value: u.name })),
    more: r.updates.length > LISTED ? `…and ${r.updates.length - LISTED} more` : '',
    pending: outcome === undefined,
    outcome: outcome ?? '',
    request: r.id,
  };
  return cardReply('patch-now-confirm', data, `${data.title} ${outcome ?? 'Confirm or cancel.'}`);
}
