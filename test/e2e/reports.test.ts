import { fleetTruth } from '../helpers/fleet-truth';
import { AUDIT_LOG } from '../../src/core/audit';
import {
  IDS,
  openPersonalChat,
  postActivity,
  postToSlack,
  slashCommandBody,
  slashCommand,
  startHarness,
  teamsMessage,
  type Harness,
} from '../helpers/harness';
import { until } from '../helpers/bot-process';
import { eventually, movableClock } from '../helpers/access-e2e';
import { pdfText } from '../helpers/pdf';
import type { Place } from '../../src/core/invocation';
import { ReportDesk } from '../../src/reports/report-desk';
import { ReportJobs } from '../../src/reports/report-jobs';
import { periodFor, type Period } from '../../src/reports/report-period';

const time = movableClock();
let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { clock: time.clock });
});
afterAll(() => h.stop());

const slack = (text: string, user = IDS.slackTech, channel?: string) =>
  slashCommand(h, text, user, channel);

/** A command in Acme's reports channel; a private answer is read where it went, the personal chat. */
async function teams(text: string, from: string, tenant = 'tenant-msp'): Promise<string> {
  const personal = await openPersonalChat(h, from);
  const seen = h.connector.activities.length;
  const activity = teamsMessage(h.connector.url, text, from, {
    conversation: {
      id: '19:acme-reports@thread.tacv2',
      conversationType: 'channel',
      tenantId: tenant,
    },
    channelData: { tenant: { id: tenant } },
  });
  await postActivity(h.baseUrl, activity);
  const answer = await h.connector.waitForActivity((a) => a.activityId === activity.id, 10_000);
  if (!String(answer.activity.text).includes('I sent it to our personal chat'))
    return JSON.stringify(answer.activity);
  await until('the private answer', () =>
    h.connector.activities.slice(seen).some((a) => a.conversationId === personal),
  );
  const mine = h.connector.activities.slice(seen).find((a) => a.conversationId === personal);
  return JSON.stringify(mine?.activity);
}

/** A month as the report command reads `--month`. */
const monthOf = (month: string) =>
  (periodFor('monthly', new Date(), month) as { period: Period }).period;

const acmeFigures = async () => fleetTruth(h.action1, 'acme-org');

describe('reports on request', () => {
  test('Slack: a progress card at once that turns into "ready" in place, and the PDF uploaded', async () => {
    const { id, body } = slashCommandBody(
      h.slack,
      'report monthly acme',
      IDS.slackTech,
      undefined,
      'C0REPORTS',
    );
    await postToSlack(h.baseUrl, { body });
    const first = JSON.stringify((await h.slack.waitForResponse(id, 10_000)).body);
    expect(first).toContain('Monthly Hygiene Report: Acme Corp');
    expect(first).toContain('Preparing');
    expect(first).toContain('in_channel');
    const file = await eventually(
      () => h.slack.files.find((f) => f.channel === 'C0REPORTS' && f.bytes),
      30_000,
    );
    expect(file.filename).toMatch(/^acme-monthly-\d{4}-\d{2}\.pdf$/);
    const text = pdfText(file.bytes as Buffer).replace(/\s+/g, ' ');
    const expected = await acmeFigures();
    expect(text).toContain(`${expected.compliant} of ${expected.devices} devices are compliant`);
    expect(file.comment).toContain(`Patch compliance: ${expected.compliancePct.toFixed(1)} %`);
    // The same response_url, drawn over the progress card: two messages to the command in all.
    const ready = await eventually(() => h.slack.responses(id)[1]?.body as Record<string, unknown>);
    expect(ready).toMatchObject({ replace_original: true, response_type: 'in_channel' });
    expect(JSON.stringify(ready)).toContain('Ready');
    expect(JSON.stringify(ready)).toContain(`Patch compliance`);
    expect(JSON.stringify(ready)).toContain('The PDF is posted in this conversation');
  }, 40_000);

  test('Slack: a report that cannot be made turns the progress card into "failed" and why', async () => {
    h.action1.server.misbehave.failNext = { count: 1000, status: 503 };
    try {
      const { id, body } = slashCommandBody(
        h.slack,
        'report monthly acme',
        IDS.slackTech,
        undefined,
        'C0FAILS',
      );
      await postToSlack(h.baseUrl, { body });
      const failed = await eventually(
        () => h.slack.responses(id)[1]?.body as Record<string, unknown> | undefined,
        30_000,
      );
      expect(failed).toMatchObject({ replace_original: true });
      const said = JSON.stringify(failed);
      expect(said).toContain('Failed');
      expect(said).toContain('Nothing was posted');
      expect(said).not.toContain('Preparing');
      expect(h.slack.files.filter((f) => f.channel === 'C0FAILS')).toEqual([]);
    } finally {
      h.action1.server.misbehave.failNext = undefined;
    }
  }, 40_000);

  test('Teams: the progress card becomes the report card, whose signed link works, is audited, and expires', async () => {
    const progress = await teams('report baseline acme', IDS.tech);
    expect(progress).toContain('Baseline Health Report: Acme Corp');
    expect(progress).toContain('Preparing');
    const answer = h.connector.activities.filter(
      (a) =>
        a.kind === 'send' && JSON.stringify(a.activity).includes('Baseline Health Report: Acme'),
    );
    expect(answer).toHaveLength(1);
    const card = await eventually(
      () => h.connector.activities.find((a) => JSON.stringify(a.activity).includes('Download PDF')),
      30_000,
    );
    // Drawn over the progress card (an update), not posted as another message.
    expect(card.kind).toBe('update');
    expect(card.conversationId).toBe('19:acme-reports@thread.tacv2');
    expect(JSON.stringify(card.activity)).toContain('Ready');
    const url =
      /"url":"(http[^"]+\/reports\/[^"]+)"/.exec(JSON.stringify(card.activity))?.[1] ?? '';
    const path = new URL(url).pathname + new URL(url).search;
    const res = await fetch(`${h.baseUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(pdfText(Buffer.from(await res.arrayBuffer()))).toContain('Baseline Health Report');

    const forged = await fetch(
      `${h.baseUrl}${path.replace(/sig=(.)/, (_m, c: string) => `sig=${c === 'A' ? 'B' : 'A'}`)}`,
    );
    expect(forged.status).toBe(403);
    time.advance(8 * 24 * 60); // past the 7-day link
    const late = await fetch(`${h.baseUrl}${path}`);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('expired');
    time.advance(-8 * 24 * 60);

    const audited = (await h.bot.audit.read(1, await h.bot.store.logLength(AUDIT_LOG))).filter(
      (e) => e.act === 'report:download',
    );
    expect(audited.map((e) => e.outcome)).toEqual(['ok', 'denied', 'denied']);
    expect(audited[0]?.customer).toBe('acme');
  }, 40_000);

  test('Teams personal chat: the report answers the request, and our own posts answer nothing old', async () => {
    const chat = await openPersonalChat(h, IDS.tech);
    const hello = teamsMessage(h.connector.url, 'help', IDS.tech);
    await postActivity(h.baseUrl, hello);
    await h.connector.waitForActivity((a) => a.activityId === hello.id, 10_000);
    const ask = teamsMessage(h.connector.url, 'report monthly acme', IDS.tech);
    await postActivity(h.baseUrl, ask);
    const progress = await h.connector.waitForActivity((a) => a.activityId === ask.id, 10_000);
    expect(progress.conversationId).toBe(chat);
    const ready = await eventually(
      () =>
        h.connector.activities.find(
          (a) =>
            a.conversationId === chat &&
            JSON.stringify(a.activity).includes('Monthly Hygiene Report: Acme') &&
            JSON.stringify(a.activity).includes('Download PDF'),
        ),
      30_000,
    );
    expect(ready.kind).toBe('update');

    // A scheduled post into that chat is a message of its own, not a reply to "help", even
    // where the address was stored by an older version with the first message's id in it.
    const key = `teams:conversation:${chat}`;
    const stored = JSON.parse((await h.bot.store.get(key))?.value ?? '{}') as Record<
      string,
      unknown
    >;
    expect(stored.activityId).toBeUndefined();
    await h.bot.store.set(key, JSON.stringify({ ...stored, activityId: hello.id }));
    const seen = h.connector.activities.length;
    await h.bot.reports.desk.publisher.publish(
      { channel: 'teams', conversationId: chat, kind: 'personal' },
      await h.bot.reports.desk.maker.make(
        'monthly',
        h.bot.reports.desk.customer('acme'),
        monthOf('2026-10'),
      ),
      'scheduled',
    );
    const posted = h.connector.activities.slice(seen).find((a) => a.conversationId === chat);
    expect(posted?.kind).toBe('send');
    expect(posted?.activityId).toBeUndefined();
    expect(posted?.activity.replyToId).toBeUndefined();
  }, 60_000);

  test("a customer's viewer gets their own customer's report, and no one else's", async () => {
    expect(await teams('report incidents globex', IDS.acmeViewer, 'tenant-acme')).toContain(
      'You are not allowed to run `report`',
    );
    expect(await teams('report incidents acme', IDS.acmeViewer, 'tenant-acme')).toContain(
      'Incident Summary: Acme Corp',
    );
    expect(await teams('report weekly acme', IDS.tech)).toContain(
      'the report is one of monthly, baseline, quarterly, incidents',
    );
    expect(await teams('report monthly acme --month 2026-13', IDS.tech)).toContain(
      '--month must look like 2026-10',
    );
  });
});

describe('scheduled reports', () => {
  test('the monthly run makes one job per period, posts once, and retries a failure', async () => {
    expect(await slack('subscribe acme reports', IDS.slackAdmin, 'C0ACMEREPORTS')).toContain(
      'reports',
    );
    const jobs = h.bot.reports.jobs;
    h.action1.server.misbehave.failNext = { count: 1000, status: 503 };
    expect(await jobs.enqueue('acme', 'monthly', 'Europe/Berlin')).toBe(true);
    expect(await jobs.enqueue('acme', 'monthly', 'Europe/Berlin')).toBe(false); // a second instance firing too
    await jobs.run();
    expect(h.slack.files.filter((f) => f.channel === 'C0ACMEREPORTS')).toEqual([]);
    h.action1.server.misbehave.failNext = undefined;
    await jobs.run(); // not yet: it waits for its backoff
    expect(h.slack.files.filter((f) => f.channel === 'C0ACMEREPORTS')).toEqual([]);
    time.advance(6);
    await Promise.all([jobs.run(), jobs.run()]);
    const posted = h.slack.files.filter((f) => f.channel === 'C0ACMEREPORTS');
    expect(posted).toHaveLength(1);
    expect(posted[0]?.comment).toContain('(scheduled)');
    const audited = (await h.bot.audit.read(1, await h.bot.store.logLength(AUDIT_LOG))).filter(
      (e) => e.act === 'report:scheduled-monthly',
    );
    expect(audited).toEqual([expect.objectContaining({ customer: 'acme', outcome: 'ok' })]);
  }, 60_000);

  test('two instances on one store: one job, one post', async () => {
    const posts: string[] = [];
    const publisher = {
      publish: (place: Place) => {
        posts.push(place.conversationId);
        return Promise.resolve();
      },
      handOver: () => Promise.reject(new Error('nobody asked in this test')),
      handOverFile: () => Promise.reject(new Error('nobody asked in this test')),
    };
    const desk = new ReportDesk(h.bot.reports.desk.maker, publisher, [
      { id: 'globex', name: 'Globex Ltd', fleetId: 'globex-org' },
    ]);
    const place: Place = { channel: 'slack', conversationId: 'C0GLOBEXLEAD', kind: 'channel' };
    const instance = () =>
      new ReportJobs({
        store: h.bot.store,
        desk,
        places: () => Promise.resolve([place]),
        poster: { post: () => Promise.resolve('x'), update: () => Promise.resolve() },
        audit: h.bot.audit,
        log: { info: () => undefined, warn: () => undefined, error: () => undefined },
        clock: time.clock,
      });
    const [a, b] = [instance(), instance()];
    const queued = await Promise.all([
      a.enqueue('globex', 'quarterly', 'UTC'),
      b.enqueue('globex', 'quarterly', 'UTC'),
    ]);
    expect(queued.filter(Boolean)).toHaveLength(1);
    await Promise.all([a.run(), b.run()]);
    expect(posts).toEqual(['C0GLOBEXLEAD']);
  });
});
