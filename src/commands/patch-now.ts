import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import type { DeploymentResult } from '../core/fleet';
import { cardReply, textReply, type Reply } from '../core/reply';
import {
  confirmationCard,
  requestKey,
  requestPatch,
  REQUEST_TTL_MS,
  type PatchRequest,
} from './patch-now-request';

const techOnly = { who: 'msp', minimum: 'tech' } as const;
const WATCH_FOR_MS = 30 * 60_000;
const SHOWN = 20;

export const patchNow = defineCommand({
  name: 'patch-now',
  summary: 'deploy missing updates to a device or group now, after you confirm',
  usage: 'patch-now <customer> <device|group> [--critical-only]',
  examples: ['patch-now acme ACME-LT-042', 'patch-now acme Laptops --critical-only'],
  args: {
    positional: ['customer', 'target'],
    schema: z
      .object({
        customer: z.string().toLowerCase(),
        target: z.string().min(1).max(100),
        'critical-only': z.literal(true).optional(),
      })
      .strict(),
  },
  access: techOnly,
  run: (ctx, args) =>
    requestPatch(ctx, {
      customer: args.customer,
      target: args.target,
      criticalOnly: !!args['critical-only'],
    }),
});

/** "Deploy now" on a device card: the same as typing patch-now, checked against the clicker. */
export const patchNowRequestButton = defineCardAction({
  verb: 'patch-now.request',
  data: z.object({
    customer: z.string().min(1).max(40),
    target: z.string().min(1).max(100),
    criticalOnly: z.boolean(),
  }),
  access: techOnly,
  run: (ctx, data) => requestPatch(ctx, data),
});

type Moved =
  { ok: true; request: PatchRequest } | { ok: false; request?: PatchRequest; reason?: string };

/** Moves a stored request from one state to the next exactly once, whoever clicks how often. */
async function move(
  ctx: CommandContext,
  id: string,
  from: PatchRequest['state'],
  change: (r: PatchRequest) => PatchRequest,
): Promise<Moved> {
  const stored = await ctx.store.get(requestKey(id));
  if (!stored) return { ok: false };
  const request = JSON.parse(stored.value) as PatchRequest;
  if (request.state !== from) return { ok: false, request };
  const next = change(request);
  const written = await ctx.store.compareAndSet(
    requestKey(id),
    stored.version,
    JSON.stringify(next),
    { ttlMs: REQUEST_TTL_MS + WATCH_FOR_MS },
  );
  return written ? { ok: true, request: next } : { ok: false, request };
}

const who = (ctx: CommandContext) => ctx.actor.displayName ?? ctx.actor.userId;
const stateText = (r: PatchRequest) =>
  ({
    pending: 'Waiting for confirmation.',
    deploying: `Starting, confirmed by ${r.decidedBy}.`,
    started: `Started by ${r.decidedBy}; the result follows here.`,
    finished: `Finished (confirmed by ${r.decidedBy}).`,
    cancelled: `Cancelled by ${r.decidedBy}.`,
    failed: `Could not start (confirmed by ${r.decidedBy}).`,
  })[r.state];

async function decide(ctx: CommandContext, id: string, confirm: boolean): Promise<Reply> {
  const stored = await ctx.store.get(requestKey(id));
  const request = stored && (JSON.parse(stored.value) as PatchRequest);
  if (!request)
    return textReply(
      'That deployment request has expired or never existed. Nothing was deployed; run `patch-now` again.',
      { refused: 'invalid' },
    );
  // The person who asked decides, or an MSP admin; a card forwarded to someone else does nothing.
  if (request.requestedBy.userId !== ctx.actor.userId && !ctx.grants.mspAdmin) {
    return textReply(
      `Only ${request.requestedBy.name ?? 'the technician who asked'} or an MSP admin can decide this deployment. Nothing changed.`,
      { refused: 'denied' },
    );
  }
  const moved = await move(ctx, id, 'pending', (r) => ({
    ...r,
    state: confirm ? 'deploying' : 'cancelled',
    decidedBy: who(ctx),
  }));
  if (!moved.ok)
    return moved.request
      ? confirmationCard(moved.request, stateText(moved.request))
      : textReply('That request is gone. Nothing changed.');
  if (!confirm) return confirmationCard(moved.request, stateText(moved.request));
  return start(ctx, moved.request);
}

async function start(ctx: CommandContext, r: PatchRequest): Promise<Reply> {
  let runId: string;
  try {
    runId = await ctx.fleet.deployUpdates(
      r.fleetId,
      [r.target],
      r.updates,
      `${r.criticalOnly ? 'Critical updates' : 'Updates'} for ${r.target.name}, requested in chat by ${r.requestedBy.name ?? r.requestedBy.userId}`,
    );
  } catch (err) {
    await move(ctx, r.id, 'deploying', (x) => ({ ...x, state: 'failed' }));
    return confirmationCard(
      { ...r, state: 'failed' },
      `Action1 did not start it: ${(err as Error).message}. Nothing was deployed.`,
    );
  }
  const started = await move(ctx, r.id, 'deploying', (x) => ({ ...x, state: 'started', runId }));
  const request = started.ok ? started.request : { ...r, state: 'started' as const, runId };
  ctx.followUp(() => watch(ctx, request));
  return confirmationCard(request, stateText(request));
}

/** Polls the run with a growing pause until it finishes, then reports once. */
async function watch(ctx: CommandContext, r: PatchRequest): Promise<Reply> {
  const until = Date.now() + WATCH_FOR_MS;
  let pause = 500;
  let result: DeploymentResult | undefined;
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    result = await ctx.fleet.deployment(r.fleetId, r.runId ?? '');
    if (result.finished) break;
    pause = Math.min(pause * 2, 30_000);
  }
  await move(ctx, r.id, 'started', (x) => ({ ...x, state: 'finished' }));
  // What changed is read again, so the next patch-status answer shows it (not the last poll).
  if (result?.finished) await rereadTarget(ctx, r).catch(() => undefined);
  if (!result?.finished)
    return textReply(
      `The deployment to ${r.target.name} is still running after 30 minutes; check Action1 (run ${r.runId}).`,
    );
  const counts = new Map<string, number>();
  for (const e of result.endpoints) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
  const tally = [...counts].map(([status, n]) => `${n} ${status.toLowerCase()}`).join(', ');
  const data = {
    title: `Deployment to ${r.target.name} (${r.customerName})`,
    status: RUN_WORDS[result.status]?.text ?? result.status,
    statusColor: RUN_WORDS[result.status]?.color ?? 'Default',
    tally,
    results: result.endpoints
      .slice(0, SHOWN)
      .map((e) => ({ title: e.name, value: e.detail ? `${e.status}: ${e.detail}` : e.status })),
  };
  return cardReply('patch-now-result', data, `${data.title}: ${data.status}. ${tally}`);
}

async function rereadTarget(ctx: CommandContext, r: PatchRequest): Promise<void> {
  if (r.target.kind === 'endpoint') await ctx.fleet.endpoint(r.fleetId, r.target.id);
  else await ctx.fleetReads?.endpoints(r.fleetId, { live: true });
}

const requestId = z.object({ request: z.string().regex(/^[0-9a-f]{16}$/) });

export const patchNowConfirmButton = defineCardAction({
  verb: 'patch-now.confirm',
  data: requestId,
  access: techOnly,
  // Deploying to more than one device is privileged: it needs a recent MFA sign-in. A group is
  // counted again now: it may have grown since the card was made, and the deployment goes to the
  // group as it is when it starts, not as it was.
  privileged: async (ctx, d) => {
    const stored = await ctx.store.get(requestKey(d.request));
    if (!stored) return false;
    const request = JSON.parse(stored.value) as PatchRequest;
    if (request.devices > 1 || request.target.kind !== 'group') return request.devices > 1;
    const members = await ctx.fleet.groupMembers(request.fleetId, request.target.id);
    return members.length > 1;
  },
  run: (ctx, d) => decide(ctx, d.request, true),
});
export const patchNowCancelButton = defineCardAction({
  verb: 'patch-now.cancel',
  data: requestId,
  access: techOnly,
  run: (ctx, d) => decide(ctx, d.request, false),
});

/** A finished Action1 run's status (its contract: Success, Warning, Error, Stopped) in words. */
const RUN_WORDS: Record<string, { text: string; color: string }> = {
  Success: { text: 'Completed', color: 'Good' },
  Warning: { text: 'Completed with warnings', color: 'Warning' },
  Error: { text: 'Failed', color: 'Attention' },
  Stopped: { text: 'Stopped before it finished', color: 'Warning' },
};
