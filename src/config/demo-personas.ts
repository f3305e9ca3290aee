import type { Actor } from '../core/invocation';
import type { MspFile } from './config-schema';

/** Someone a newcomer can be in demo mode: one of the config's role holders. */
export interface Persona {
  /** What people type: "owner", "tech", "acme-approver". */
  key: string;
  /** Shown on cards: "Acme approver (demo persona)". */
  label: string;
  /** The Entra object id the config gives this role. */
  oid: string;
}

/**
 * The people of the config file as demo personas: each MSP admin and tech, and each customer's
 * first approver and viewer. Derived from the roles, so they always hold the rights they claim.
 */
export function demoPersonas(file: Pick<MspFile, 'roles' | 'customers'>): Persona[] {
  const admins = file.roles['msp-admin'].map((oid, i) => ({
    key: i === 0 ? 'owner' : `admin${i + 1}`,
    label: i === 0 ? 'MSP owner' : `MSP admin ${i + 1}`,
    oid,
  }));
  const techs = file.roles.tech.map((oid, i) => ({
    key: i === 0 ? 'tech' : `tech${i + 1}`,
    label: i === 0 ? 'Technician' : `Technician ${i + 1}`,
    oid,
  }));
  const customers = file.customers.flatMap((c) => [
    ...(c.approvers[0]
      ? [{ key: `${c.id}-approver`, label: `${c.name} approver`, oid: c.approvers[0] }]
      : []),
    ...(c.viewers[0]
      ? [{ key: `${c.id}-viewer`, label: `${c.name} viewer`, oid: c.viewers[0] }]
      : []),
  ]);
  return [...admins, ...techs, ...customers].map((p) => ({
    ...p,
    label: `${p.label} (demo persona)`,
  }));
}

/** What the `demo` command needs: the personas, and switching who a chat user acts as. */
export interface DemoPersonaDesk {
  personas(): readonly Persona[];
  /** Act as this persona from now on (undefined: as yourself again); false for an unknown key. */
  actAs(actor: Actor, key: string | undefined): Promise<boolean>;
}
