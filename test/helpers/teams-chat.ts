import { postActivity, teamsMessage, type Harness } from './harness';

/** A message in this person's personal chat in Teams, from their tenant; the answer as JSON. */
export async function askInTeams(
  h: Pick<Harness, 'connector' | 'baseUrl'>,
  text: string,
  from: string,
  tenant = 'tenant-msp',
): Promise<string> {
  const activity = teamsMessage(h.connector.url, text, from, {
    conversation: { id: `a:personal-${from}`, conversationType: 'personal', tenantId: tenant },
    channelData: { tenant: { id: tenant } },
  });
  await postActivity(h.baseUrl, activity);
  const answer = await h.connector.waitForActivity((a) => a.activityId === activity.id, 10_000);
  return JSON.stringify(answer.activity);
}
