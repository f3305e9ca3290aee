import type { z } from 'zod';
import type { Access, Grants } from './roles';
import type { Actor, CustomerScope, Place } from './invocation';
import type { Reply } from './reply';
import type { Store } from './store';
import type { IdentityPort } from './identity-link';

/** The commands a handler can look up (help lists them); the registry is one. */
export interface CommandCatalogue {
  allCommands(): CommandEntry[];
  command(name: string): CommandEntry | undefined;
  closestCommand(typed: string): string | undefined;
}

/** A command as a list of commands shows it. */
export type CommandEntry = Pick<CommandSpec, 'name' | 'summary' | 'usage' | 'examples' | 'access'>;

/**
 * What the kernel gives every handler: who asks, where, with which rights, and how to answer
 * later. Ports only: no chat SDK, no HTTP, no concrete store.
 */
export interface KernelContext {
  actor: Actor;
  place: Place;
  /** The customer this conversation is about, if any: a default, never a permission. */
  scope: CustomerScope;
  grants: Grants;
  correlationId: string;
  now: Date;
  registry: CommandCatalogue;
  store: Store;
  /** Entra sign-in, when it is set up. */
  identity?: IdentityPort;
  /**
   * Work that goes on after the answer (a deployment to watch): tracked for shutdown, and its
   * reply, if any, is posted where the request came from; `inPlace` draws it over the first
   * answer instead (a progress card becoming the result), where the edge can.
   */
  followUp(work: () => Promise<Reply | undefined>, options?: { inPlace?: boolean }): void;
}

/**
 * A handler's context: the kernel's part plus the services the commands reach features
 * through (`S`, defined by commands/services.ts). The kernel passes them on without knowing them.
 */
export type CommandContext<S = object> = KernelContext & S;

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

export interface CommandSpec<A = unknown, S = object> {
  name: string;
  summary: string;
  usage: string;
  examples: readonly string[];
  args: ArgumentShape<A>;
  access: Access;
  /** True when this particular use needs a recent MFA sign-in (step-up). */
  privileged?(ctx: CommandContext<S>, args: A): boolean | Promise<boolean>;
  run(ctx: CommandContext<S>, args: A): Promise<Reply>;
}

/**
 * A button on one of our cards. `data` is untrusted: the schema is the only way in, and the
 * dispatcher checks `access` without it (a customer named in card data proves nothing). A button
 * that acts for one customer looks that customer up in the stored record it acts on.
 */
export interface CardActionSpec<D = unknown, S = object> {
  verb: string;
  data: z.ZodType<D>;
  access: Access;
  /** True when this click needs a recent MFA sign-in (step-up). */
  privileged?(ctx: CommandContext<S>, data: D): boolean | Promise<boolean>;
  run(ctx: CommandContext<S>, data: D): Promise<Reply>;
}

// Specs are stored type-erased; defineCommand keeps the handler's argument type checked.
export const defineCommand = <A, S = object>(spec: CommandSpec<A, S>): CommandSpec<unknown, S> =>
  spec as CommandSpec<unknown, S>;
export const defineCardAction = <D, S = object>(
  spec: CardActionSpec<D, S>,
): CardActionSpec<unknown, S> => spec as CardActionSpec<unknown, S>;
