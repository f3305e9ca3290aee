import type { CardActionSpec, CommandContext, CommandSpec } from './command';
import type { Store } from './store';
import type { TenantGate } from './tenant-gate';
import type { CardAction, Invocation } from './invocation';
import type { Log, Telemetry } from './ports';
import type { AuditTrail } from './audit';
import type { CommandRegistry } from './registry';
import {
  describeAccess,
  mayEverUse,
  mayUse,
  type Access,
  type Grants,
  type RoleResolver,
} from './roles';
import { textReply, type Reply } from './reply';
import { holdForStepUp, signInFirst } from './step-up';
import type { IdentityPort, PendingAct } from './identity-link';
import { bindArguments } from './arguments';
import { redactSecrets } from './redact';
import { clipText, clipUntrusted } from './clip';
import { actingAs, denied, unknownCommand, type Outcome } from './dispatch-answers';
import { capitalise } from './wording';

export interface DispatcherDeps<S> {
  registry: CommandRegistry<S>;
  /** What the commands reach features through; handed to every handler, never read here. */
  services: S;
  roles: RoleResolver;
  audit: AuditTrail;
  store: Store;
  log: Log;
  telemetry: Telemetry;
  tenants?: TenantGate;
  identity?: IdentityPort;
  /** Privileged acts need an MFA sign-in at most this many minutes old. */
  stepUpMinutes?: number;
  /** Demo mode lets privileged acts through when no sign-in is set up. */
  demo?: boolean;
  /** Registers background work so shutdown waits for it. */
  track?: (work: Promise<unknown>) => void;
  clock?: () => Date;
}

/**
 * The one path every chat request takes: parse, validate, authorise, run, audit. Both bots call
 * it; it never sees Teams or Slack. Expected failures become helpful replies; unexpected ones
 * become a short message with a correlation id that is also in the log.
 */
export class Dispatcher<S = object> {
  constructor(private readonly deps: DispatcherDeps<S>) {}

  async invoke(inv: Invocation): Promise<Reply> {
    const started = process.hrtime.bigint();
    const spec = this.deps.registry.command(inv.command);
    const result =
      this.refused(inv, inv.command, inv.args) ??
      (spec
        ? await this.guard(inv, inv.command, () => this.runCommand(inv, spec))
        : unknownCommand(inv.command, this.deps.registry.closestCommand(inv.command), inv.args));
    await this.finish(inv, result, started);
    return actingAs(inv, result.reply);
  }

  async act(action: CardAction): Promise<Reply> {
    const started = process.hrtime.bigint();
    const spec = this.deps.registry.action(action.verb);
    const act = `card:${action.verb}`;
    const result: Outcome =
      this.refused(action, act, action.data) ??
      (spec
        ? await this.guard(action, act, () => this.runAction(action, spec))
        : {
            act,
            args: action.data,
            outcome: 'unknown',
            reply: textReply('This button is not something I can do (any more). Nothing changed.'),
          });
    await this.finish(action, result, started);
    return actingAs(action, result.reply);
  }

  private refused(
    source: Invocation | CardAction,
    act: string,
    args: unknown,
  ): Outcome | undefined {
    const refusal = this.deps.tenants?.refusal(source.actor);
    if (!refusal) return undefined;
    return {
      act,
      args,
      outcome: 'denied',
      detail: `tenant ${source.actor.tenantId ?? 'unknown'} not allowed`,
      reply: textReply(refusal, { private: true }),
    };
  }

  private async runCommand(inv: Invocation, spec: CommandSpec<unknown, S>): Promise<Outcome> {
    const base = { act: spec.name, args: inv.args };
    const bound = bindArguments(spec.args, inv.args);
    if (!bound.ok) {
      const problems = bound.problems.join('; ');
      const text = `${capitalise(problems)}.\nUsage: \`${spec.usage}\`\nExample: \`${spec.examples[0] ?? spec.usage}\``;
      return {
        ...base,
        outcome: 'invalid',
        detail: problems,
        reply: textReply(text, { private: true }),
      };
    }
    const grants = await this.deps.roles.grantsFor(inv.actor);
    // What the person asked for, kept with a sign-in so it can run once they are back.
    const then = { kind: 'command', text: `${inv.command} ${inv.args}`, place: inv.place } as const;
    if (!mayUse(spec.access, grants, bound.args as Record<string, unknown>)) {
      const refused = await this.refusal(inv, grants, `run \`${spec.name}\``, spec.access, then);
      return { ...base, args: bound.args, ...refused };
    }
    const ctx = this.context(inv, grants);
    const privileged = !!(await spec.privileged?.(ctx, bound.args));
    const held = await holdForStepUp(this.deps, ctx, privileged, then);
    if (held) return { ...base, args: bound.args, ...held };
    const reply = await spec.run(ctx, bound.args);
    return { ...base, args: bound.args, outcome: reply.refused ?? 'ok', reply };
  }

  private async runAction(action: CardAction, spec: CardActionSpec<unknown, S>): Promise<Outcome> {
    const act = `card:${spec.verb}`;
    const parsed = spec.data.safeParse(action.data);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      const reply = textReply('That button carried data I could not accept. Nothing changed.');
      return { act, args: action.data, outcome: 'invalid', detail, reply };
    }
    const grants = await this.deps.roles.grantsFor(action.actor);
    // A coarse gate only: whether this person may press such a button for any customer. Which
    // customer is decided in the handler, against the clicker's grants or the stored record the
    // button acts on, never because the card named it.
    const then = {
      kind: 'action',
      verb: spec.verb,
      data: action.data,
      place: action.place,
    } as const;
    if (!mayEverUse(spec.access, grants)) {
      const refused = await this.refusal(action, grants, 'press that button', spec.access, then);
      return { act, args: parsed.data, ...refused };
    }
    const ctx = this.context(action, grants);
    const privileged = !!(await spec.privileged?.(ctx, parsed.data));
    const held = await holdForStepUp(this.deps, ctx, privileged, then);
    if (held) return { act, args: parsed.data, ...held };
    const reply = await spec.run(ctx, parsed.data);
    return { act, args: parsed.data, outcome: reply.refused ?? 'ok', reply };
  }

  /**
   * Not allowed: someone whose roles wait on a sign-in gets the sign-in (and the act runs after
   * it); anyone else is told who it is for.
   */
  private async refusal(
    source: Invocation | CardAction,
    grants: Grants,
    what: string,
    access: Access,
    then: PendingAct,
  ): Promise<Pick<Outcome, 'outcome' | 'reply' | 'detail'>> {
    if (this.deps.identity && grants.identity.needsSignIn)
      return signInFirst(this.deps.identity, source, grants, what, then);
    return denied(what, describeAccess(access));
  }

  private context(source: Invocation | CardAction, grants: Grants): CommandContext<S> {
    return {
      ...this.deps.services,
      actor: source.actor,
      place: source.place,
      scope: source.scope,
      grants,
      correlationId: source.correlationId,
      now: this.deps.clock?.() ?? new Date(),
      registry: this.deps.registry,
      store: this.deps.store,
      identity: this.deps.identity,
      followUp: (work, options) => this.followUp(source, work, options?.inPlace === true),
    };
  }

  private followUp(
    source: Invocation | CardAction,
    work: () => Promise<Reply | undefined>,
    inPlace: boolean,
  ): void {
    const { correlationId } = source;
    const run = (async () => {
      let reply: Reply | undefined;
      try {
        reply = await work();
      } catch (err) {
        this.deps.log.error({ err, correlationId }, 'follow-up failed');
        reply = textReply(`I lost track of that after starting it. Reference: ${correlationId}`);
      }
      if (!reply) return;
      const said = reply;
      const redrawn =
        inPlace && source.updateAnswer
          ? await source.updateAnswer(said).then(
              () => true,
              (err: unknown) => {
                // Too late to redraw (Slack's response_url lasts 30 minutes): say it anew.
                this.deps.log.warn({ err, correlationId }, 'could not redraw the answer');
                return false;
              },
            )
          : false;
      if (redrawn) return;
      if (!source.replyLater)
        return this.deps.log.warn({ correlationId }, 'no way to post the follow-up');
      await source
        .replyLater(said)
        .catch((err: unknown) =>
          this.deps.log.error({ err, correlationId }, 'could not post the follow-up'),
        );
    })();
    this.deps.track?.(run);
  }

  private async guard(
    source: Invocation | CardAction,
    act: string,
    work: () => Promise<Outcome>,
  ): Promise<Outcome> {
    try {
      return await work();
    } catch (err) {
      const { correlationId } = source;
      this.deps.log.error({ err, correlationId, act }, 'command failed');
      // An outside system failing (Action1, HaloPSA…) is named, in words a tech can act on.
      const outside = err as { system?: unknown; failure?: unknown; message?: unknown };
      const text =
        typeof outside.system === 'string' && typeof outside.failure === 'string'
          ? `${String(outside.message)}. I could not finish; nothing was changed. Try again in a minute. Reference: ${correlationId}`
          : `Something went wrong on our side and I could not finish. Reference: ${correlationId}`;
      return {
        act,
        args: undefined,
        outcome: 'error',
        detail: String(err),
        reply: textReply(text),
      };
    }
  }

  private async finish(source: Invocation | CardAction, r: Outcome, started: bigint) {
    const args = r.args as Record<string, unknown> | undefined;
    const customer = typeof args?.customer === 'string' ? args.customer : source.scope.customer;
    // A known command or button by its name; anything else (typed by anyone) under one label, so
    // a stranger can neither grow the audit entry nor add a metrics series per word.
    const known = this.isKnown(r.act);
    const checked = r.outcome === 'ok' || r.outcome === 'step-up';
    const entry = {
      at: source.receivedAt.toISOString(),
      actor: source.actor,
      conversationId: source.place.conversationId,
      customer: customer === undefined ? undefined : clipText(customer, 64),
      act: known ? r.act : clipText(r.act, 64),
      args: checked ? r.args : clipUntrusted(r.args),
      outcome: r.outcome,
      detail: r.detail,
      correlationId: source.correlationId,
    };
    try {
      await this.deps.audit.record(entry);
    } catch (err) {
      // The store is down: keep the entry in the log so it can be replayed, and still answer.
      this.deps.log.error({ err, auditEntry: redactSecrets(entry) }, 'audit entry NOT stored');
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const command = known ? r.act : 'unknown';
    this.deps.telemetry.observe({
      channel: source.actor.channel,
      command,
      outcome: r.outcome,
      seconds,
    });
  }

  private isKnown(act: string): boolean {
    const verb = act.startsWith('card:') ? act.slice(5) : undefined;
    return verb === undefined
      ? !!this.deps.registry.command(act)
      : !!this.deps.registry.action(verb);
  }
}

/** What the chat edges need of the dispatcher: run a command, run a click. */
export type Dispatch = Pick<Dispatcher, 'invoke' | 'act'>;
