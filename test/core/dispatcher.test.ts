import { z } from 'zod';
import { AuditTrail } from '../../src/core/audit';
import { defineCommand } from '../../src/core/command';
import { Dispatcher } from '../../src/core/dispatcher';
import { customersOf } from '../../src/config/customer';
import type { Actor, Invocation } from '../../src/core/invocation';
import { CommandRegistry } from '../../src/core/registry';
import { splitCommand } from '../../src/core/inbound';
import type { CardReply, Reply } from '../../src/core/reply';
import { textReply } from '../../src/core/reply';
import { buildRegistry } from '../../src/commands';
import { help, helpCommandButton, helpOverviewButton } from '../../src/commands/help';
import { whoami } from '../../src/commands/whoami';
import { loadConfig } from '../../src/config/config';
import { EntraRoleResolver } from '../../src/identity/role-resolver';
import { SqliteStore } from '../../src/store/sqlite-store';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1Fleet } from '../../src/integrations/action1/action1-fleet';
import { AUDIT_KEY, IDS, memoryLog, testEnv } from '../helpers/harness';

// A command only this test registers: customer-scoped, and one that fails unexpectedly.
const devices = defineCommand({
  name: 'devices',
  summary: 'a customer’s devices',
  usage: 'devices <customer> [--offline]',
  examples: ['devices acme --offline'],
  args: {
    positional: ['customer'],
    schema: z
      .object({ customer: z.enum(['acme', 'globex']), offline: z.literal(true).optional() })
      .strict(),
  },
  access: { who: 'msp', minimum: 'tech', customerViewers: true, customerArg: 'customer' },
  run: async (_ctx, args) =>
    textReply(`devices of ${args.customer}${args.offline ? ' (offline)' : ''}`),
});
const explode = defineCommand({
  name: 'explode',
  summary: 'fails',
  usage: 'explode',
  examples: ['explode'],
  args: { schema: z.object({}).strict() },
  access: { who: 'anyone' },
  run: async () => {
    throw new Error('database on fire: password=hunter2');
  },
});

function setup() {
  const config = loadConfig(testEnv());
  const store = new SqliteStore(':memory:');
  const audit = new AuditTrail(store, AUDIT_KEY);
  const { log, lines } = memoryLog();
  const registry = new CommandRegistry(
    [help, whoami, devices, explode],
    [helpCommandButton, helpOverviewButton],
  );
  const dispatcher = new Dispatcher({
    registry,
    roles: new EntraRoleResolver({ file: config.file, store, signInRequired: false }),
    audit,
    services: {
      customers: customersOf(config.file, { halopsa: false }),
      // Never called here: these commands don't touch the fleet.
      fleet: new Action1Fleet(
        new Action1Client({
          baseUrl: 'http://127.0.0.1:9/api/3.0',
          clientId: 'x',
          clientSecret: 'y',
        }),
      ),
    },
    store,
    log,
    telemetry: { observe: () => undefined },
  });
  return { dispatcher, audit, lines, store };
}

const teamsUser = (userId: string): Actor => ({ channel: 'teams', userId, tenantId: 'tenant-msp' });
const said = (actor: Actor, text: string): Invocation => ({
  actor,
  place: { channel: actor.channel, conversationId: 'conv-1', kind: 'personal' },
  scope: { from: 'none' },
  ...splitCommand(text),
  correlationId: 'corr-1',
  receivedAt: new Date('2026-11-27T10:00:00Z'),
});
const textOf = (r: Reply) => (r.kind === 'text' ? r.text : r.summary);

describe('dispatcher', () => {
  test('help lists only what the asker may run', async () => {
    const { dispatcher } = setup();
    const forTech = (await dispatcher.invoke(said(teamsUser(IDS.tech), 'help'))) as CardReply;
    const forViewer = (await dispatcher.invoke(
      said(teamsUser(IDS.acmeViewer), 'help'),
    )) as CardReply;
    const forStranger = (await dispatcher.invoke(
      said(teamsUser(IDS.stranger), 'help'),
    )) as CardReply;
    const names = (r: CardReply) => (r.data.commands as { name: string }[]).map((c) => c.name);
    expect(names(forTech)).toEqual(['help', 'whoami', 'devices', 'explode']);
    expect(names(forViewer)).toEqual(['help', 'whoami', 'devices', 'explode']);
    expect(names(forStranger)).toEqual(['help', 'whoami', 'explode']);
  });

  test('roles: deny by default, viewers only for their own customer', async () => {
    const { dispatcher, audit } = setup();
    expect(textOf(await dispatcher.invoke(said(teamsUser(IDS.tech), 'devices globex')))).toBe(
      'devices of globex',
    );
    expect(
      textOf(await dispatcher.invoke(said(teamsUser(IDS.acmeViewer), 'devices acme --offline'))),
    ).toBe('devices of acme (offline)');
    const otherCustomer = await dispatcher.invoke(
      said(teamsUser(IDS.acmeViewer), 'devices globex'),
    );
    expect(textOf(otherCustomer)).toMatch(/not allowed to run `devices`.*MSP techs and admins/);
    const stranger = await dispatcher.invoke(said(teamsUser(IDS.stranger), 'devices acme'));
    expect(textOf(stranger)).toMatch(/not allowed/);
    const slackUnlinked = await dispatcher.invoke(
      said({ channel: 'slack', userId: IDS.slackStranger }, 'devices acme'),
    );
    expect(textOf(slackUnlinked)).toMatch(/not allowed/);
    const outcomes = (await audit.read(1, 10)).map((e) => [e.act, e.outcome, e.customer]);
    expect(outcomes).toEqual([
      ['devices', 'ok', 'globex'],
      ['devices', 'ok', 'acme'],
      ['devices', 'denied', 'globex'],
      ['devices', 'denied', 'acme'],
      ['devices', 'denied', 'acme'],
    ]);
  });

  test('bad arguments get the problem, the usage line and an example', async () => {
    const { dispatcher, audit } = setup();
    const missing = textOf(await dispatcher.invoke(said(teamsUser(IDS.tech), 'devices')));
    expect(missing).toContain('Missing <customer>');
    expect(missing).toContain('Usage: `devices <customer> [--offline]`');
    const unknownCustomer = textOf(
      await dispatcher.invoke(said(teamsUser(IDS.tech), 'devices initech')),
    );
    expect(unknownCustomer).toMatch(/customer: Invalid option/i);
    const badFlag = textOf(
      await dispatcher.invoke(said(teamsUser(IDS.tech), 'devices acme --offlne')),
    );
    expect(badFlag).toContain('Unknown option --offlne');
    expect((await audit.read(1, 10)).map((e) => e.outcome)).toEqual([
      'invalid',
      'invalid',
      'invalid',
    ]);
  });

  test('an unknown command suggests the closest one', async () => {
    const { dispatcher, audit } = setup();
    expect(textOf(await dispatcher.invoke(said(teamsUser(IDS.tech), 'devcies acme')))).toContain(
      'Did you mean `devices`?',
    );
    expect(textOf(await dispatcher.invoke(said(teamsUser(IDS.tech), 'xyzzy')))).not.toContain(
      'Did you mean',
    );
    expect((await audit.read(1, 10)).map((e) => e.outcome)).toEqual(['unknown', 'unknown']);
  });

  test('an unexpected failure shows a correlation id that is in the log, never the error', async () => {
    const { dispatcher, lines, audit } = setup();
    const reply = textOf(await dispatcher.invoke(said(teamsUser(IDS.tech), 'explode')));
    expect(reply).toBe(
      'Something went wrong on our side and I could not finish. Reference: corr-1',
    );
    expect(reply).not.toContain('fire');
    const logged = lines.map(
      (l) => JSON.parse(l) as { correlationId?: string; err?: { message: string } },
    );
    expect(logged).toEqual(
      expect.arrayContaining([expect.objectContaining({ correlationId: 'corr-1' })]),
    );
    expect(lines.join('')).not.toContain('hunter2');
    expect((await audit.read(1, 1))[0]).toEqual(
      expect.objectContaining({ outcome: 'error', correlationId: 'corr-1' }),
    );
  });

  test('when the store is down the person still gets an answer and the entry is in the log', async () => {
    const { dispatcher, lines, store } = setup();
    await store.close();
    const reply = await dispatcher.invoke(said(teamsUser(IDS.tech), 'whoami'));
    expect(reply.kind).toBe('card');
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; auditEntry?: { act: string } });
    expect(logged).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msg: 'audit entry NOT stored',
          auditEntry: expect.objectContaining({ act: 'whoami' }),
        }),
      ]),
    );
  });

  test('card actions validate their data and say so when it is forged', async () => {
    const { dispatcher } = setup();
    const click = (data: Record<string, unknown>) =>
      dispatcher.act({
        actor: teamsUser(IDS.tech),
        place: { channel: 'teams', conversationId: 'c', kind: 'personal' },
        scope: { from: 'none' },
        verb: 'help.command',
        data,
        correlationId: 'x',
        receivedAt: new Date(),
      });
    expect((await click({ command: 'whoami' })).kind).toBe('card');
    expect(textOf(await click({ command: 'x'.repeat(500) }))).toContain('could not accept');
    expect(textOf(await click({ command: 'nonexistent' }))).toContain(
      'There is no command `nonexistent`',
    );
  });

  test('the real registry has no duplicate names and every command has an example', () => {
    for (const command of buildRegistry().allCommands()) {
      expect(command.examples.length).toBeGreaterThan(0);
      expect(command.usage.startsWith(command.name)).toBe(true);
    }
  });
});
