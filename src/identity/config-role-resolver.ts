import type { MspFile } from '../config';
import type { Actor } from '../core/invocation';
import { nobody, type Grants, type RoleResolver } from '../core/roles';

/**
 * Roles from the id lists in msp.config.yaml. Teams people are known by their Entra object id;
 * Slack people through the `slackUsers` map until Entra sign-in links them. Anyone else: nothing.
 */
export class ConfigRoleResolver implements RoleResolver {
  constructor(
    private readonly file: MspFile,
    private readonly demo = false,
  ) {}

  async grantsFor(actor: Actor): Promise<Grants> {
    if (this.demo) {
      return { ...nobody('demo mode: everyone is an MSP admin on simulated data'), mspAdmin: true };
    }
    const entraObjectId =
      actor.channel === 'teams' ? actor.userId : this.file.slackUsers[actor.userId];
    if (!entraObjectId) return nobody('Slack user not linked to an Entra identity');
    const source =
      actor.channel === 'teams' ? 'Teams sign-in (Entra object id)' : 'msp.config.yaml slackUsers';
    return {
      mspAdmin: this.file.roles['msp-admin'].includes(entraObjectId),
      tech: this.file.roles.tech.includes(entraObjectId),
      approverOf: this.file.customers
        .filter((c) => c.approvers.includes(entraObjectId))
        .map((c) => c.id),
      viewerOf: this.file.customers
        .filter((c) => c.viewers.includes(entraObjectId))
        .map((c) => c.id),
      identity: { entraObjectId, source },
    };
  }
}
