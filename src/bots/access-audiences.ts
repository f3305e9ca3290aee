import type { MspFile } from '../config/config-schema';
import type { Place } from '../core/invocation';
import type { Store } from '../core/store';
import type { AccessAudiences } from '../access/access-ports';
import type { Person } from '../core/person';
import { Subscriptions, type Topic } from '../core/subscriptions';
import { teamsPersonalKey } from './teams/teams-render';

/**
 * Where access news goes. Channels come from subscriptions (topic `approvals`) and the config
 * (msp.adminChannel); people are reached privately in the chat systems that are set up: Slack
 * by DM to the Slack users mapped to their Entra id, Teams in the personal chat the bot has
 * had with them (Teams has no other way for a bot to start one without more permissions).
 */
export class ChatAccessAudiences implements AccessAudiences {
  private readonly subscriptions: Subscriptions;

  constructor(
    private readonly deps: {
      file: MspFile;
      store: Store;
      slack: boolean;
      teams: boolean;
    },
  ) {
    this.subscriptions = new Subscriptions(deps.store);
  }

  async approvers(customer: string): Promise<Place[]> {
    const c = this.deps.file.customers.find((x) => x.id === customer);
    return [
      ...(await this.channels(customer, ['approvals'])),
      ...(await this.people(c?.approvers ?? [])),
    ];
  }

  async secondaryApprovers(customer: string): Promise<Place[]> {
    const c = this.deps.file.customers.find((x) => x.id === customer);
    return this.people(c?.secondaryApprovers ?? []);
  }

  adminChannel(): Promise<Place[]> {
    const where = this.deps.file.msp.adminChannel ?? this.deps.file.msp.defaultChannel;
    return Promise.resolve(
      where ? [{ channel: where.channel, conversationId: where.id, kind: 'channel' }] : [],
    );
  }

  async adminsPrivately(except?: Person): Promise<Place[]> {
    const ids = this.deps.file.roles['msp-admin'].filter((id) => id !== except?.entraObjectId);
    const mine = except && (await this.privately(except));
    return (await this.people(ids)).filter(
      (p) => !mine || p.conversationId !== mine.conversationId,
    );
  }

  async customerChannels(customer: string): Promise<Place[]> {
    const approvals = await this.channels(customer, ['approvals']);
    return approvals.length > 0 ? approvals : this.channels(customer, ['alerts']);
  }

  async privately(person: Person): Promise<Place | undefined> {
    if (person.channel === 'slack')
      return this.deps.slack
        ? { channel: 'slack', conversationId: person.userId, kind: 'personal' }
        : undefined;
    return this.teamsPersonal(person.userId);
  }

  private async channels(customer: string, topics: Topic[]): Promise<Place[]> {
    return (await this.subscriptions.all())
      .filter((s) => s.customer === customer && s.topics.some((t) => topics.includes(t)))
      .map((s) => s.place);
  }

  /** Each Entra id's private places: mapped Slack users, and a Teams personal chat if seen. */
  private async people(entraIds: readonly string[]): Promise<Place[]> {
    const places: Place[] = [];
    for (const id of entraIds) {
      if (this.deps.slack)
        for (const [slackUser, oid] of Object.entries(this.deps.file.slackUsers))
          if (oid === id)
            places.push({ channel: 'slack', conversationId: slackUser, kind: 'personal' });
      const teams = await this.teamsPersonal(id);
      if (teams) places.push(teams);
    }
    return places;
  }

  private async teamsPersonal(aadObjectId: string): Promise<Place | undefined> {
    if (!this.deps.teams) return undefined;
    const stored = await this.deps.store.get(teamsPersonalKey(aadObjectId));
    return stored && { channel: 'teams', conversationId: stored.value, kind: 'personal' };
  }
}
