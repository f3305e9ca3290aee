import fc from 'fast-check';
import { AUDIT_LOG } from '../../src/core/audit';
import { authenticatedTeamsEnv, BOT_APP, TokenAuthority } from '../helpers/token-authority';
import { SIGNING_SECRET, startHarness, type Harness } from '../helpers/harness';
import { hostileCorpus } from '../helpers/hostile-corpus';

/**
 * Hostile input on both doors: a corpus of forged, replayed, unsigned and malformed requests,
 * each with the status it must get, and a property-based fuzzer. Nothing may answer 5xx or show
 * a stack, and nothing rejected may leave a trace in the audit trail or run a command.
 */
const APP_ID = BOT_APP.id;
const TENANT = BOT_APP.tenant;
let open: Harness; // Teams without TEAMS_APP_ID (local mode): bodies are checked
let secure: Harness; // Teams with TEAMS_APP_ID: the Bot Framework JWT is required
let authority: TokenAuthority;

beforeAll(async () => {
  authority = new TokenAuthority();
  const url = await authority.start();
  open = await startHarness();
  secure = await startHarness(authenticatedTeamsEnv(url));
}, 30_000);
afterAll(async () => {
  await open.stop();
  await secure.stop();
  await authority.stop();
});

const world = () => hostileCorpus({ open, secure, authority, appId: APP_ID, tenant: TENANT });

describe('hostile requests: a corpus, each with the answer it must get', () => {
  test('40 forged, replayed, unsigned and malformed requests are refused, run nothing, and leak nothing', async () => {
    const { corpus } = world();
    expect(corpus).toHaveLength(40);
    const audited = [
      await open.bot.store.logLength(AUDIT_LOG),
      await secure.bot.store.logLength(AUDIT_LOG),
    ];
    const answered = [open.slack.server.requests.length, secure.connector.server.requests.length];
    for (const [name, send, status] of corpus) {
      const res = await send();
      const body = await res.text();
      expect(`${name}: ${res.status}`).toBe(`${name}: ${status}`);
      expect(body).not.toMatch(/\bat .+\.(ts|js):\d+|Error:/);
    }
    expect([
      await open.bot.store.logLength(AUDIT_LOG),
      await secure.bot.store.logLength(AUDIT_LOG),
    ]).toEqual(audited);
    // Nothing was run: no answer went to Slack's response_url or the Bot Connector.
    expect([
      open.slack.server.requests.filter((r) => r.path.startsWith('/response/')).length,
      secure.connector.server.requests.length,
    ]).toEqual([0, answered[1]]);
  }, 60_000);
});

describe('hostile requests: property-based fuzzing', () => {
  const noStack = (body: string) => !/\bat .+\.(ts|js):\d+|Error:/.test(body);

  test('10,000 generated requests to both doors: never 5xx, never a stack, nothing recorded', async () => {
    const before = await open.bot.store.logLength(AUDIT_LOG);
    const { slack, raw, now } = world();
    const slackBody = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc
        .dictionary(
          fc.constantFrom('command', 'text', 'user_id', 'team_id', 'payload', 'token', 'type'),
          fc.string({ maxLength: 40 }),
        )
        .map((d) => new URLSearchParams(d).toString()),
      fc
        .record({
          type: fc.constantFrom(
            'block_actions',
            'view_submission',
            'event_callback',
            'url_verification',
          ),
          user: fc.anything(),
        })
        .map((p) => `payload=${encodeURIComponent(JSON.stringify(p))}`),
    );
    const signing = fc.constantFrom('none', 'wrong', 'stale', 'valid');
    await fc.assert(
      fc.asyncProperty(
        slackBody,
        signing,
        fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain'),
        async (body, how, type) => {
          const res =
            how === 'none'
              ? await slack(body, { type })
              : await slack(body, {
                  type,
                  secret: how === 'wrong' ? 'wrong' : SIGNING_SECRET,
                  ts: how === 'stale' ? now() - 900 : now(),
                });
          const text = await res.text();
          return res.status < 500 && noStack(text) && (how === 'valid' || res.status === 401);
        },
      ),
      { numRuns: 5000 },
    );
    const teamsBody = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record({
          type: fc.constantFrom('message', 'invoke', 'conversationUpdate', 42),
          text: fc.string(),
          value: fc.anything(),
          conversation: fc.anything(),
          from: fc.anything(),
        })
        .map((a) => JSON.stringify(a)),
    );
    await fc.assert(
      fc.asyncProperty(teamsBody, fc.boolean(), async (body, toSecure) => {
        const res = await raw(
          toSecure ? secure : open,
          body,
          toSecure ? { authorization: `Bearer ${body.slice(0, 50)}` } : {},
        );
        const text = await res.text();
        return res.status < 500 && noStack(text) && (!toSecure || res.status === 401);
      }),
      { numRuns: 5000 },
    );
    expect(await open.bot.store.logLength(AUDIT_LOG)).toBe(before);
  }, 300_000);
});
