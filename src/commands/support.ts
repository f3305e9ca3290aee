import { defineCommand } from './services';
import { cardReply, textReply } from '../core/reply';
import { reachOf } from '../config/support-schema';
import { CUSTOMER_ONLY, FLEET_READERS, findCustomer } from './customer-lookup';

/** A customer's support contacts and escalation path, to the customer's people and the MSP. */
export const support = defineCommand({
  name: 'support',
  summary: "who to call for a customer, and the escalation path when that doesn't help",
  usage: 'support [customer]',
  examples: ['support acme'],
  args: CUSTOMER_ONLY,
  access: FLEET_READERS,
  async run(ctx, args) {
    const found = findCustomer(ctx, args.customer);
    if (!found.ok) return found.reply;
    const c = found.value;
    const s = c.support;
    if (!s || (s.contacts.length === 0 && s.escalation.length === 0))
      return textReply(
        `No support contacts are set for ${c.name}: the MSP sets them in the config (customers[].support).`,
        { private: true },
      );
    const contacts = s.contacts.map((p) => ({
      name: p.role ? `${p.name}, ${p.role}` : p.name,
      detail: [reachOf(p), p.hours].filter(Boolean).join(' · '),
    }));
    const levels = s.escalation.map((l, i) => ({
      name: `Level ${i + 1}: ${l.name}`,
      detail: `${l.when} · ${reachOf(l)}`,
    }));
    const title = `Support for ${c.name}`;
    const lines = [...contacts, ...levels].map((x) => `${x.name}: ${x.detail}`);
    return cardReply('support', { title, contacts, levels }, `${title}\n${lines.join('\n')}`, {
      private: true,
    });
  },
});
