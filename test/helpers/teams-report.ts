import { openPersonalChat, postActivity, teamsMessage, type Harness } from './harness';
import { eventually } from './access-e2e';

/**
 * `report monthly <customer>` asked by `person` in their Teams personal chat, and the card that
 * says it is ready (its JSON): what a person sees once the PDF is made and kept.
 */
export async function teamsReport(h: Harness, person: string, customer: string): Promise<string> {
  const chat = await openPersonalChat(h, person);
  await postActivity(
    h.baseUrl,
    teamsMessage(h.connector.url, `report monthly ${customer}`, person),
  );
  const ready = await eventually(
    () =>
      h.connector.activities.find(
        (a) => a.conversationId === chat && JSON.stringify(a.activity).includes('Download PDF'),
      ),
    30_000,
  );
  return JSON.stringify(ready.activity);
}
