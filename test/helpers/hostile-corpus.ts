import { createHmac, generateKeyPairSync } from 'node:crypto';
import type { TokenAuthority } from './token-authority';
import { IDS, postActivity, SIGNING_SECRET, teamsMessage, type Harness } from './harness';

/**
 * Forged, replayed, unsigned and malformed requests for both doors, each with the status it
 * must get. `open` runs Teams in local mode (bodies checked), `secure` with TEAMS_APP_ID set.
 */
export function hostileCorpus(w: {
  open: Harness;
  secure: Harness;
  authority: TokenAuthority;
  appId: string;
  tenant: string;
}) {
  const { open, secure, authority } = w;
  const APP_ID = w.appId;
  const TENANT = w.tenant;
  const now = () => Math.floor(Date.now() / 1000);
  const sig = (secret: string, ts: number, body: string) =>
    `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

  function slack(
    body: string,
    o: {
      secret?: string;
      ts?: number;
      signedBody?: string;
      headers?: Record<string, string>;
      type?: string;
    } = {},
  ): Promise<Response> {
    const ts = o.ts ?? now();
    return fetch(`${open.baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': o.type ?? 'application/x-www-form-urlencoded',
        ...(o.secret !== undefined && {
          'x-slack-request-timestamp': String(ts),
          'x-slack-signature': sig(o.secret, ts, o.signedBody ?? body),
        }),
        ...o.headers,
      },
      body,
    });
  }
  const signed = (body: string, extra: Parameters<typeof slack>[1] = {}) =>
    slack(body, { secret: SIGNING_SECRET, ...extra });
  const command = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const GOOD = {
    command: '/msp',
    text: 'help',
    user_id: IDS.slackTech,
    team_id: 'T0SIMTEAM',
    channel_id: 'C0GENERAL',
    trigger_id: 't-1',
  };
  const raw = (h: Harness, body: string, headers: Record<string, string> = {}) =>
    fetch(`${h.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  const teamsWith = (token: string) =>
    postActivity(secure.baseUrl, teamsMessage(secure.connector.url, 'help'), {
      authorization: `Bearer ${token}`,
    });
  const iss = () => `${authority.url}/${TENANT}/v2.0`;
  const unsignedJwt = (claims: object) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

  const corpus: [string, () => Promise<Response>, number][] = [
    // Slack: signatures
    ['slack: no signature headers', () => slack(command(GOOD)), 401],
    [
      'slack: signed with another secret',
      () => slack(command(GOOD), { secret: 'not-the-secret' }),
      401,
    ],
    ['slack: timestamp 10 minutes old', () => signed(command(GOOD), { ts: now() - 600 }), 401],
    ['slack: timestamp 10 minutes ahead', () => signed(command(GOOD), { ts: now() + 600 }), 401],
    [
      'slack: replay of a 6-minute-old request',
      () => signed(command({ ...GOOD, trigger_id: 't-old' }), { ts: now() - 360 }),
      401,
    ],
    [
      'slack: body changed after signing',
      () => signed(command({ ...GOOD, text: 'patch-now acme ALL' }), { signedBody: command(GOOD) }),
      401,
    ],
    [
      'slack: signature header of the wrong version',
      () =>
        slack(command(GOOD), {
          headers: { 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v1=00' },
        }),
      401,
    ],
    [
      'slack: signature not hex',
      () =>
        slack(command(GOOD), {
          headers: { 'x-slack-request-timestamp': String(now()), 'x-slack-signature': 'v0=zz' },
        }),
      401,
    ],
    [
      'slack: timestamp not a number',
      () =>
        slack(command(GOOD), {
          headers: {
            'x-slack-request-timestamp': 'yesterday',
            'x-slack-signature': sig(SIGNING_SECRET, now(), command(GOOD)),
          },
        }),
      401,
    ],
    [
      'slack: unsigned JSON event',
      () =>
        slack(
          JSON.stringify({
            type: 'event_callback',
            event_id: 'E1',
            event: { type: 'app_mention' },
          }),
          { type: 'application/json' },
        ),
      401,
    ],
    // Slack: signed but malformed
    ['slack: signed empty body', () => signed(''), 400],
    [
      'slack: signed form that is neither command nor interaction',
      () => signed('hello=world'),
      400,
    ],
    ['slack: signed payload that is not JSON', () => signed('payload=%7Bnot-json'), 400],
    [
      'slack: signed block_actions without actions',
      () =>
        signed(
          `payload=${encodeURIComponent(JSON.stringify({ type: 'block_actions', user: { id: 'U1' }, trigger_id: 't' }))}`,
        ),
      400,
    ],
    ['slack: signed command without a user', () => signed(command({ ...GOOD, user_id: '' })), 400],
    [
      'slack: signed command with an unknown slash',
      () => signed(command({ ...GOOD, command: 'msp' })),
      400,
    ],
    [
      'slack: signed JSON that is not an event',
      () => signed(JSON.stringify({ hello: 'world' }), { type: 'application/json' }),
      400,
    ],
    [
      'slack: signed url_verification with a huge challenge',
      () =>
        signed(JSON.stringify({ type: 'url_verification', challenge: 'x'.repeat(500) }), {
          type: 'application/json',
        }),
      400,
    ],
    ['slack: signed body over 1 MB', () => signed(`text=${'a'.repeat(1_100_000)}`), 413],
    [
      'slack: signed command text over 4,000 characters',
      () => signed(command({ ...GOOD, text: 'a'.repeat(4100) })),
      400,
    ],
    // Teams: authentication (TEAMS_APP_ID set)
    [
      'teams: no Authorization header',
      () => postActivity(secure.baseUrl, teamsMessage(secure.connector.url, 'help')),
      401,
    ],
    [
      'teams: Basic credentials',
      () =>
        postActivity(secure.baseUrl, teamsMessage(secure.connector.url, 'help'), {
          authorization: 'Basic YWRtaW46YWRtaW4=',
        }),
      401,
    ],
    ['teams: a bearer that is not a JWT', () => teamsWith('not-a-jwt'), 401],
    [
      'teams: an unsigned JWT (alg none)',
      () => teamsWith(unsignedJwt({ iss: iss(), aud: APP_ID, tid: TENANT })),
      401,
    ],
    [
      'teams: signed for another audience',
      () => teamsWith(authority.sign({ iss: iss(), aud: 'another-bot' })),
      401,
    ],
    [
      'teams: signed by another issuer',
      () => teamsWith(authority.sign({ iss: 'https://evil.example/t/v2.0', aud: APP_ID })),
      401,
    ],
    [
      'teams: signed with a stranger key',
      () =>
        teamsWith(
          authority.sign(
            { iss: iss(), aud: APP_ID },
            generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey,
          ),
        ),
      401,
    ],
    [
      'teams: a valid token replayed with another serviceUrl',
      () =>
        teamsWith(
          authority.sign({
            iss: iss(),
            aud: APP_ID,
            tid: TENANT,
            serviceurl: 'https://smba.trafficmanager.net/emea/',
          }),
        ),
      403,
    ],
    // Teams: local mode serves this machine only, and answers only at this machine
    [
      'teams: local mode, forwarded by a proxy',
      () =>
        postActivity(open.baseUrl, teamsMessage(open.connector.url, 'help', IDS.admin), {
          'x-forwarded-for': '203.0.113.9',
        }),
      403,
    ],
    [
      'teams: local mode, a serviceUrl elsewhere',
      () => postActivity(open.baseUrl, teamsMessage('https://evil.example/', 'help', IDS.admin)),
      400,
    ],
    [
      'teams: local mode, a bearer token it cannot check',
      () =>
        postActivity(open.baseUrl, teamsMessage(open.connector.url, 'help'), {
          authorization: 'Bearer abc.def.ghi',
        }),
      401,
    ],
    [
      'teams: an empty aadObjectId',
      () => {
        const m = teamsMessage(open.connector.url, 'help');
        return postActivity(open.baseUrl, { ...m, from: { ...m.from, aadObjectId: '' } });
      },
      400,
    ],
    // Slack: answers go to Slack only
    [
      'slack: signed command whose response_url is another host',
      () => signed(command({ ...GOOD, response_url: 'https://evil.example/hook' })),
      400,
    ],
    [
      'slack: signed command whose response_url only looks like Slack',
      () => signed(command({ ...GOOD, response_url: 'https://hooks.slack.com.evil.example/x' })),
      400,
    ],
    // Teams: malformed bodies (local mode)
    ['teams: body that is not JSON', () => raw(open, '{"type": "message", '), 400],
    ['teams: a JSON array', () => raw(open, '[1,2,3]'), 400],
    [
      'teams: an activity without a type',
      () => raw(open, JSON.stringify({ id: 'a', channelId: 'msteams' })),
      400,
    ],
    [
      'teams: a message without a conversation',
      () =>
        raw(
          open,
          JSON.stringify({ ...teamsMessage(open.connector.url, 'help'), conversation: undefined }),
        ),
      400,
    ],
    [
      'teams: text over 10,000 characters',
      () => raw(open, JSON.stringify(teamsMessage(open.connector.url, 'a'.repeat(10_001)))),
      400,
    ],
    [
      'teams: body over 1 MB',
      () => raw(open, JSON.stringify({ type: 'message', text: 'a'.repeat(1_100_000) })),
      413,
    ],
  ];

  return { corpus, slack, raw, now };
}
