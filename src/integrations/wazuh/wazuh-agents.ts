import type { Log } from '../../core/ports';
import type { WazuhApi } from './wazuh-client';
import type { WazuhAgent } from './wazuh-schemas';

/**
 * Which customer an agent belongs to: the MSP puts each customer's agents in Wazuh agent groups
 * and names the groups in the config. Wazuh's alerts do not carry the agent's groups, so the
 * agent listing is read (and kept for `ttlMs`), and read again when an unknown agent shows up,
 * at most once a minute.
 */
export class WazuhAgents {
  private listing?: { at: number; agents: Map<string, WazuhAgent> };
  private pending?: Promise<Map<string, WazuhAgent>>;

  constructor(
    private readonly api: Pick<WazuhApi, 'agents'>,
    /** Wazuh agent group → customer id. */
    private readonly groups: ReadonlyMap<string, string>,
    private readonly log: Log,
    private readonly ttlMs = 10 * 60_000,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The customer of this agent, or undefined when none of its groups is a customer's. */
  async customerOf(agentId: string): Promise<string | undefined> {
    let agent = (await this.current()).get(agentId);
    const age = this.clock() - (this.listing?.at ?? 0);
    if (!agent && age > 60_000) agent = (await this.read()).get(agentId);
    return this.customerOfAgent(agent);
  }

  /** The agents of one customer, as the listing has them (for reports: their last keep-alive). */
  async ofCustomer(customer: string): Promise<WazuhAgent[]> {
    return [...(await this.current()).values()].filter((a) => this.customerOfAgent(a) === customer);
  }

  private customerOfAgent(agent: WazuhAgent | undefined): string | undefined {
    const customers = new Set(
      (agent?.group ?? []).flatMap((g) => {
        const c = this.groups.get(g);
        return c ? [c] : [];
      }),
    );
    if (customers.size > 1) {
      // Two customers' groups on one agent: naming either could show one customer's events to
      // another, so neither gets them.
      this.log.warn(
        { agent: agent?.id, customers: [...customers] },
        'Wazuh agent in two customers',
      );
      return undefined;
    }
    return [...customers][0];
  }

  private async current(): Promise<Map<string, WazuhAgent>> {
    const fresh = this.listing && this.clock() - this.listing.at < this.ttlMs;
    return fresh && this.listing ? this.listing.agents : this.read();
  }

  private read(): Promise<Map<string, WazuhAgent>> {
    this.pending ??= this.api
      .agents()
      .then((list) => {
        const agents = new Map(list.map((a) => [a.id, a]));
        this.listing = { at: this.clock(), agents };
        return agents;
      })
      .finally(() => {
        this.pending = undefined;
      });
    return this.pending;
  }
}
