import type { z } from 'zod';
import type { Access, Grants } from './roles';
import type { Actor, CustomerScope, Place } from './invocation';
import type { Reply } from './reply';
import type { CommandRegistry } from './registry';
import type { Fleet } from './fleet';
import type { Store } from './store';
import type { IdentityPort } from './identity-link';
import type { AccessDesk } from '../access/access-desk';
import type { ReportDelivery } from './ports';
import type { PolicyCustomer, PolicyDesk } from '../policy/policy-desk';
import type { OnboardingDesk } from '../onboarding/onboarding-desk';

/** A customer as commands know it: the short name people type, and its id in the RMM. */
export interface CustomerRef {
  id: string;
  name: string;
  /** The Action1 organization id; without one the customer has no fleet to show. */
  fleetId?: string;
  /** The HaloPSA client id, when HaloPSA is set up for this customer. */
  haloClientId?: number;
}

/** What a handler may use. Ports only: no chat SDK, no HTTP, no concrete store. */
export interface CommandContext {
  actor: Actor;
  place: Place;
  /** The customer this conversation is about, if any: a default, never a permission. */
  scope: CustomerScope;
  grants: Grants;
  correlationId: string;
  now: Date;
  registry: CommandRegistry;
  /** Customers known to this MSP, for scoping and for validating names typed by people. */
  customers: readonly CustomerRef[];
  fleet: Fleet;
  store: Store;
  /** Entra sign-in, when it is set up. */
  identity?: IdentityPort;
  /** Remote sessions and break-glass (runbook section 5). */
  access?: AccessDesk;
  /** Customer reports (runbook section 6). */
  reports?: ReportDelivery;
  /** Onboarding a device (runbook section 3). */
  onboarding?: OnboardingDesk;
  /** The standard patch policy as code (runbook section 4). */
  policy?: { desk: PolicyDesk; customers: readonly PolicyCustomer[] };
  /** Tells the alert delivery that an alert changed (its copies need redrawing). */
  alertsChanged?(): void;
  /**
   * Work that goes on after the answer (a deployment to watch): tracked for shutdown, and its
   * reply, if any, is posted where the request came from.
   */
  followUp(work: () => Promise<Reply | undefined>): void;
}

/**
 * How the words after the command map to named arguments before zod validates them.
 * `positional` names take one word each (suffix `?` = optional); `rest` takes the remaining
 * words joined by spaces; `--flag value` and `--switch` become keys of their own.
 */
export interface ArgumentShape<A> {
  positional?: readonly string[];
  rest?: string;
  schema: z.ZodType<A>;
}

export interface CommandSpec<A = unknown> {
  name: string;
  summary: string;
  usage: string;
  examples: readonly string[];
  args: ArgumentShape<A>;
  access: Access;
  /** Side-effecting commands are confirmed and audited with extra care by later features. */
  sideEffects: boolean;
  /** True when this particular use needs a recent MFA sign-in (step-up). */
  privileged?(ctx: CommandContext, args: A): boolean | Promise<boolean>;
  run(ctx: CommandContext, args: A): Promise<Reply>;
}

/**
 * A button on one of our cards. `data` is untrusted: the schema is the only way in, and the
 * dispatcher checks `access` without it (a customer named in card data proves nothing). A button
 * that acts for one customer looks that customer up in the stored record it acts on.
 */
export interface CardActionSpec<D = unknown> {
  verb: string;
  data: z.ZodType<D>;
  access: Access;
  /** True when this click needs a recent MFA sign-in (step-up). */
  privileged?(ctx: CommandContext, data: D): boolean | Promise<boolean>;
  run(ctx: CommandContext, data: D): Promise<Reply>;
}

// Specs are stored type-erased; defineCommand keeps the handler's argument type checked.
export const defineCommand = <A>(spec: CommandSpec<A>): CommandSpec<unknown> =>
  spec as CommandSpec<unknown>;
export const defineCardAction = <D>(spec: CardActionSpec<D>): CardActionSpec<unknown> =>
  spec as CardActionSpec<unknown>;
