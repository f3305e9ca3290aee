import { channelCustomerKey, Inbound, splitCommand } from '../../src/core/inbound';
import { SqliteStore } from '../../src/store/sqlite-store';

const customers = [
  { id: 'acme', entraTenantIds: ['tenant-acme'] },
  { id: 'globex', entraTenantIds: [] },
];

describe('inbound normalisation', () => {
  test('splits the command word from its arguments', () => {
    expect(splitCommand('  Patch-Status  acme "LT 1" ')).toEqual({
      command: 'patch-status',
      args: 'acme "LT 1"',
    });
    expect(splitCommand('')).toEqual({ command: 'help', args: '' });
  });

  test('customer scope: a bound channel first, then a customer tenant in Teams, else none', async () => {
    const store = new SqliteStore(':memory:');
    const inbound = new Inbound(store, customers, () => new Date('2026-11-27T10:00:00Z'));
    const teamsFromAcme = { channel: 'teams' as const, userId: 'oid-1', tenantId: 'tenant-acme' };
    const personal = {
      channel: 'teams' as const,
      conversationId: 'a:1',
      kind: 'personal' as const,
    };
    expect((await inbound.command(teamsFromAcme, personal, 'whoami')).scope).toEqual({
      customer: 'acme',
      from: 'tenant',
    });

    // A Slack workspace id is not an Entra tenant: it never selects a customer.
    const slackUser = { channel: 'slack' as const, userId: 'U1', tenantId: 'tenant-acme' };
    const slackChannel = {
      channel: 'slack' as const,
      conversationId: 'C1',
      kind: 'channel' as const,
    };
    expect((await inbound.command(slackUser, slackChannel, 'help')).scope).toEqual({
      from: 'none',
    });

    await store.set(channelCustomerKey(slackChannel), 'globex');
    const click = await inbound.action(slackUser, slackChannel, 'help.all', {});
    expect(click.scope).toEqual({ customer: 'globex', from: 'channel' });
    expect(click.correlationId).toMatch(/^[0-9a-f]{12}$/);
    await store.close();
  });
});
