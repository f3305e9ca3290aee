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
    const client = world.h.action1;
    const org = 'acme-org';
    const token = (await (
      await fetch(`${client.baseUrl}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ client_id: 'test-client', client_secret: 'test-secret' }),
      })
    ).json()) as { access_token: string };
    const list = (await (
      await fetch(`${client.baseUrl}/automations/schedules/${org}`, {
        headers: { authorization: `Bearer ${token.access_token}` },
      })
    ).json()) as { items: { id: string; name: string }[] };
    const defender = list.items.find((a) => a.name.startsWith('MSP: Defender'));
    await fetch(`${client.baseUrl}/automations/schedules/${org}/${defender?.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token.access_token}` },
    });
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
