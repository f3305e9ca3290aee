import { loadConfig } from '../../src/config/config';
import { createBot, type Bot } from '../../src/app/create-bot';
import { createLogger } from '../../src/app/logger';
import { BotConnectorSim } from '../../sim/bot-connector';
import { DEMO_ORGS, generateFleet } from '../../sim/action1/fleet-generator';
import { postActivity, teamsInvoke, teamsMessage, tempDir } from '../helpers/harness';
import { join } from 'node:path';

// Someone alone in the Playground: not in the config, an MSP admin because it is the demo.
const NEWCOMER = 'oid-playground-newcomer';

describe('demo mode: one newcomer tries every role with `demo as …`', () => {
  const connector = new BotConnectorSim();
  let bot: Bot;
  let baseUrl = '';
  const say = async (text: string) => {
    const activity = teamsMessage(connector.url, text, NEWCOMER);
    expect((await postActivity(baseUrl, activity)).status).toBeLessThan(300);
    const sent = await connector.waitForActivity((a) => a.activityId === activity.id);
    return JSON.stringify(sent.activity);
  };
  const click = async (verb: string, data: unknown) => {
    const res = await postActivity(baseUrl, teamsInvoke(connector.url, verb, data, NEWCOMER));
    return JSON.stringify(await res.json());
  };

  beforeAll(async () => {
    await connector.start();
    const config = loadConfig({ DEMO: '1', PORT: '0', DATA_DIR: join(tempDir(), 'data') });
    bot = await createBot(config, createLogger('silent'));
    baseUrl = `http://127.0.0.1:${await bot.start(0, '127.0.0.1')}`;
    // Teams tells the bot about the personal chat when the app is opened.
    const hello = { ...teamsMessage(connector.url, '', NEWCOMER), type: 'conversationUpdate' };
    await postActivity(baseUrl, hello);
  }, 30_000);
  afterAll(async () => {
    await bot.stop();
    await connector.stop();
  });

  test('a tech asks, the tech cannot approve it, the customer’s approver can, and the tech gets the link', async () => {
    // Ground truth from the seeded demo fleet: an Acme device that is online at start.
    const device = generateFleet(DEMO_ORGS, 42).endpoints.find(
      (e) => e.orgId === 'acme-org' && e.online && e.os.startsWith('Windows'),
    );
    if (!device) throw new Error('no online Acme device in the demo fleet');
    expect(await say('subscribe acme approvals')).toContain('This chat now belongs to Acme Corp');
    expect(await say('demo')).toContain('acme-approver');
    expect(await say('demo as tech')).toContain('From now on you are Technician (demo persona)');

    const asked = await say(`remote ${device.name} printer driver`);
    expect(asked).toContain('As Technician (demo persona): ');
    const id = /\((r[a-z]*-[0-9a-f]+)\)/.exec(asked)?.[1];
    expect(id).toBeDefined();

    // Still the tech: approving one's own request is not theirs to do.
    const byTech = await click('access.approve', { id });
    expect(byTech).toContain('not allowed');

    expect(await say('demo as acme-approver')).toContain('Acme Corp approver (demo persona)');
    const approved = await click('access.approve', { id });
    expect(approved).toContain('Approved by Acme Corp approver (demo persona)');
    expect(approved).toContain('You are trying this as Acme Corp approver (demo persona)');

    // The technician's link reaches the newcomer's own personal chat.
    const link = await connector.waitForActivity(
      (a) =>
        a.conversationId === `a:personal-${NEWCOMER}` &&
        JSON.stringify(a.activity).includes('remote session'),
      20_000,
    );
    expect(JSON.stringify(link.activity)).toContain(device.name);

    expect(await say('demo as me')).toContain('You are yourself again');
    expect(await say('whoami')).not.toContain('demo persona');
  }, 60_000);

  test('break-glass as the tech, reviewed by the second MSP admin (the tech may not review it)', async () => {
    expect(await say('demo as tech')).toContain('From now on you are Technician');
    const opened = await say('break-glass acme ransomware alert on the file server');
    expect(opened).toContain('Break-glass for Acme Corp is on until');
    const id = /\((bg-[0-9a-f]+)\)/.exec(opened)?.[1];
    if (!id) throw new Error(`no request id in ${opened}`);
    const review = { id, verdict: 'justified', comment: 'confirmed with the customer' };
    expect(await click('access.review', review)).toContain('not allowed');
    expect(await say('demo as admin2')).toContain('MSP admin 2 (demo persona)');
    const reviewed = await click('access.review', review);
    expect(reviewed).toContain('Review: Justified by MSP admin 2 (demo persona)');
    expect(await say('demo as me')).toContain('You are yourself again');
  });

  test('onboarding a new hostname completes: the simulated agent checks in after the link went out', async () => {
    const started = await click('onboard.start', {
      customer: 'acme',
      hostname: 'ACME-NEW-77',
      user: 'jane.doe',
      os: 'Windows 11',
      location: 'Berlin office',
    });
    const id = /(ob-[0-9a-f]{12})/.exec(started)?.[1];
    if (!id) throw new Error(`no onboarding id in ${started}`);
    expect(started).toContain('has started');
    // The form's Start pressed again: the same onboarding, not a second one.
    const again = await click('onboard.start', {
      customer: 'acme',
      hostname: 'ACME-NEW-77',
      user: 'jane.doe',
      os: 'Windows 11',
      location: 'Berlin office',
    });
    expect(again).toContain('is already under way');
    expect(again).toContain(id);
    // The demo world checks the device in on its next tick (every 30 s) once 20 s have passed;
    // the runner's schedule comes every minute, so it is run here as soon as that happened.
    const deadline = Date.now() + 90_000;
    for (;;) {
      await bot.onboarding.runner.run();
      const o = await bot.onboarding.runner.book.get(id);
      if (o?.state !== 'running') {
        expect(o?.state).toBe('done');
        break;
      }
      if (Date.now() > deadline) throw new Error(`still running: ${JSON.stringify(o?.steps)}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }, 120_000);

  test('an unknown persona is named back with the closest, and nothing changes', async () => {
    expect(await say('demo as acme-aprover')).toContain('Did you mean `acme-approver`?');
    expect(await say('whoami')).not.toContain('demo persona');
  });
});
