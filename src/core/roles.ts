import type { Actor } from './invocation';

/**
 * What one person may do, per customer. Resolved fresh for every invocation from a
 * RoleResolver; deny by default (an unknown person gets `nobody`).
 */
export interface Grants {
  mspAdmin: boolean;
  tech: boolean;
  approverOf: readonly string[];
  viewerOf: readonly string[];
  /** How the identity behind these grants was established, shown by `whoami`. */
  identity: {
    entraObjectId?: string;
    upn?: string;
    source: string;
    /** The person's last sign-in through the bot, if any: what step-up looks at. */
    signIn?: { at: Date; mfa: boolean };
    /** Roles come only with a sign-in this person has not done yet, or whose sign-in expired. */
    needsSignIn?: 'never-signed-in' | 'expired';
  };
}

export const nobody = (
  source: string,
  needsSignIn?: Grants['identity']['needsSignIn'],
): Grants => ({
  mspAdmin: false,
  tech: false,
  approverOf: [],
  viewerOf: [],
  identity: { source, ...(needsSignIn && { needsSignIn }) },
});

/** The port every role source implements: config now, Entra ID groups later. */
export interface RoleResolver {
  grantsFor(actor: Actor): Promise<Grants>;
}

/**
 * Who may run a command or press a button.
 * - `anyone`: no role needed (help, whoami).
 * - `msp`: MSP staff at `minimum` rank; `customerViewers` / `customerApprovers` also admit
 *   those roles for the customer named in the argument `customerArg`. When that argument is
 *   optional and left out, the handler must limit itself to `visibleTo(grants, customers)`.
 */
export type Access =
  | { who: 'anyone' }
  | {
      who: 'msp';
      minimum: 'tech' | 'msp-admin';
      customerViewers?: boolean;
      customerApprovers?: boolean;
      customerArg?: string;
    };

const isMspStaff = (g: Grants, minimum: 'tech' | 'msp-admin'): boolean =>
  g.mspAdmin || (minimum === 'tech' && g.tech);

/** Could this person run it for some customer at all? Used by `help` to list commands. */
export function mayEverUse(access: Access, g: Grants): boolean {
  if (access.who === 'anyone') return true;
  if (isMspStaff(g, access.minimum)) return true;
  return (
    (!!access.customerViewers && g.viewerOf.length > 0) ||
    (!!access.customerApprovers && g.approverOf.length > 0)
  );
}

/** May this person run it with these (validated) arguments? */
export function mayUse(access: Access, g: Grants, args: Record<string, unknown>): boolean {
  if (access.who === 'anyone') return true;
  if (isMspStaff(g, access.minimum)) return true;
  const customer = access.customerArg ? args[access.customerArg] : undefined;
  // No customer named: the command works on the customers this person may see (visibleTo).
  if (access.customerArg && customer === undefined) return mayEverUse(access, g);
  if (typeof customer !== 'string') return false;
  return (
    (!!access.customerViewers && g.viewerOf.includes(customer)) ||
    (!!access.customerApprovers && g.approverOf.includes(customer))
  );
}

/** The customers this person may look at: all for MSP staff, else their own. */
export function visibleTo<C extends { id: string }>(g: Grants, customers: readonly C[]): C[] {
  if (g.mspAdmin || g.tech) return [...customers];
  return customers.filter((c) => g.viewerOf.includes(c.id) || g.approverOf.includes(c.id));
}

export function describeAccess(access: Access): string {
  if (access.who === 'anyone') return 'anyone';
  const parts = [access.minimum === 'msp-admin' ? 'MSP admins' : 'MSP techs and admins'];
  if (access.customerApprovers) parts.push("the customer's approvers");
  if (access.customerViewers) parts.push("the customer's viewers (their own customer)");
  return parts.join(', ');
}

export function roleNames(g: Grants): string[] {
  return [
    ...(g.mspAdmin ? ['msp-admin'] : []),
    ...(g.tech ? ['tech'] : []),
    ...g.approverOf.map((c) => `customer-approver:${c}`),
    ...g.viewerOf.map((c) => `customer-viewer:${c}`),
  ];
}
