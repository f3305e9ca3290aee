import { Action1Client } from '../../src/integrations/action1/action1-client';
import { IDS, postToSlack, slackClickBody, slashCommand } from '../helpers/harness';
import { useSignInWorld } from '../helpers/sign-in-world';
import { eventually } from '../helpers/access-e2e';

const world = useSignInWorld();

const say = (text: string, user: string, channel?: string) =>
  slashCommand(world.h, text, user, channel);

async function click(answer: string, verb: string, user: string): Promise<string> {
  const blocks = (
    JSON.parse(answer) as { blocks: { elements?: { action_id: string; value: string }[] }[] }
  ).blocks;
  const button = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id?.startsWith(verb));
  if (!button) throw new Error(`no ${verb} button`);
  const responseUrl = world.h.slack.responseUrl(`policy-${Date.now()}`);
  await postToSlack(world.h.baseUrl, {
    body: slackClickBody({
      actionId: button.action_id,
      value: JSON.parse(button.value),
      responseUrl,
      user,
    }),
  });
  return JSON.stringify(
    (await world.h.slack.server.waitFor((r) => responseUrl.endsWith(r.path), 10_000)).body,
  );
}

describe('policy in chat', () => {
  test('a tech sees the policy and its drift but cannot apply it', async () => {
    await world.signIn(IDS.slackTech, 'dana');
    const shown = await say('policy show acme', IDS.slackTech);
    expect(shown).toContain('wednesday 02:00 UTC, reboot if required');
    expect(await say('policy drift acme', IDS.slackTech)).toContain(
      'Missing: MSP: OS updates (weekly)',
    );
    expect(await say('policy apply acme', IDS.slackTech)).toContain(
      'Only MSP admins apply the policy',
    );
    expect(await say('policy fix acme', IDS.slackTech)).toContain('say show, drift or apply');
  });

  test('an admin applies it after confirming on the card, with MFA; the confirmation works once', async () => {
    await world.signIn(IDS.slackAdmin, 'nomfa-mfa');
    const card = await say('policy apply acme', IDS.slackAdmin);
    expect(card).toContain('Apply the standard patch policy to Acme Corp?');
    const applied = await click(card, 'policy.apply', IDS.slackAdmin);
    expect(applied).toContain('Standard patch policy applied to Acme Corp');
    expect(applied).toContain('Created MSP: Defender signatures (daily)');
    expect(await click(card, 'policy.apply', IDS.slackAdmin)).toContain(
      'expired or was used already',
    );
    expect(await say('policy drift acme', IDS.slackTech)).toContain(
      'in line with the standard patch policy',
    );
  });

  test('the daily check reports drift to the customer’s alerts channel', async () => {
    expect(await say('subscribe acme alerts', IDS.slackAdmin, 'C0ACMEALERTS')).toContain('alerts');
    const org = 'acme-org';
    // Someone deletes one of ours in the Action1 console.
    const action1 = new Action1Client({
      baseUrl: world.h.action1.baseUrl,
      clientId: 'api-test-client@action1.example',
      clientSecret: 'test-secret',
    });
    const defender = (await action1.schedules(org)).find((a) => a.name.startsWith('MSP: Defender'));
    await action1.deleteSchedule(org, defender?.id ?? '');
    // Acme drifted; Globex and Initech never had the policy applied.
    expect(await world.h.bot.policy.checkDrift()).toBe(3);
    const report = await eventually(() =>
      world.h.slack.posted.find(
        (p) => p.channel === 'C0ACMEALERTS' && p.text.includes('Policy drift'),
      ),
    );
    expect(report.text).toContain('Missing: MSP: Defender signatures (daily)');
  });
});
