import type { ServerResponse } from 'node:http';
import { sendJson, Simulator, type RecordedRequest } from './recording-server';
import {
  dmChannelOf,
  documentsError,
  holdToSlackContract,
  isUserId,
  manifestScopes,
  scopeNeeded,
} from './slack-rules';

const SIM_TEAM = 'T0SIMTEAM';
const SIM_BOT_USER = 'U0SIMBOT';

/**
 * The Slack Web API methods the bot calls, plus a response_url sink. Follows Slack's conventions:
 * HTTP 200 with `ok:false` and an error code for API errors, `invalid_auth` for a wrong token,
 * 429 with Retry-After when told to rate-limit a method. As a workspace does, it grants the scopes
 * our manifest asks for and no others (`missing_scope`), posts to a user id land in the direct
 * message channel (D…) it answers with, and chat.update wants that channel, not the user id.
 * Error codes stay within Slack's document of each method (contracts/slack.json).
 */
export class SlackApiSim extends Simulator {
  readonly rateLimited = new Map<string, number>();
  /** Every message posted through chat.postMessage, with the ts it was given. */
  readonly posted: {
    channel: string;
    ts: string;
    text: string;
    blocks?: unknown;
    metadata?: unknown;
  }[] = [];
  /** Channels the bot can't post to (chat.postMessage answers channel_not_found). */
  readonly missingChannels = new Set<string>();
  /** Slack user id → e-mail address, for users.info (needs users:read.email in real Slack). */
  readonly emails = new Map<string, string>();
  /** Files shared through the upload flow (files.getUploadURLExternal, upload, complete). */
  readonly files: {
    id: string;
    filename: string;
    bytes?: Buffer;
    channel?: string;
    comment?: string;
    title?: string;
  }[] = [];
  /** The next N posts to a response_url fail with 500 (a Slack hiccup). */
  failResponses = 0;
  /** Hold chat.postMessage answers this long (a slow Slack, for crash tests). */
  postDelayMs = 0;
  /** The scopes the app was installed with: the manifest's, unless a test takes one away. */
  readonly scopes = manifestScopes();
  /** Every successful chat.update: which message, and what it became. */
  readonly updates: { channel: string; ts: string; text: string; blocks?: unknown }[] = [];
  private nextTs = 0;

  constructor(private readonly botToken: string) {
    super();
  }

  /** What to pass as SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url for a fake slash command or click; what is posted there is recorded. */
  responseUrl(id: string): string {
    return `${this.url}/response/${encodeURIComponent(id)}`;
  }

  calls(method: string): RecordedRequest[] {
    return this.server.requests.filter((r) => r.path === `/api/${method}`);
  }

  responses(id: string): RecordedRequest[] {
    return this.server.requests.filter((r) => r.path === `/response/${encodeURIComponent(id)}`);
  }

  waitForResponse(id: string, timeoutMs?: number): Promise<RecordedRequest> {
    return this.server.waitFor((r) => r.path === `/response/${encodeURIComponent(id)}`, timeoutMs);
  }

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    const path = req.path.split('?')[0] ?? '';
    if (path.startsWith('/response/')) {
      if (this.failResponses > 0) {
        this.failResponses--;
        return sendJson(res, 500, { ok: false, error: 'internal_error' });
      }
      return sendJson(res, 200, { ok: true });
    }
    const upload = /^\/upload\/(F\w+)$/.exec(path);
    if (upload) return this.receiveUpload(upload[1] ?? '', req, res);
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (!method || req.method !== 'POST')
      return sendJson(res, 404, { ok: false, error: 'unknown_method' });
    const retryAfter = this.rateLimited.get(method);
    if (retryAfter !== undefined) {
      return sendJson(
        res,
        429,
        { ok: false, error: 'ratelimited' },
        { 'retry-after': String(retryAfter) },
      );
    }
    // Socket Mode opens its connection with the app-level token (xapp-), everything else the bot's.
    if (method === 'apps.connections.open') return sendJson(res, 200, this.openSocket(req));
    if (req.headers.authorization !== `Bearer ${this.botToken}`)
      return sendJson(res, 200, { ok: false, error: 'invalid_auth' });
    const body = (req.body ?? {}) as Record<string, unknown>;
    const answer = this.withScope(method, body) ?? this.answer(method, body);
    holdToSlackContract(method, answer);
    // The message is in the channel already; only the answer is late (a crash can fall between).
    if (method === 'chat.postMessage' && this.postDelayMs > 0)
      setTimeout(() => sendJson(res, 200, answer), this.postDelayMs);
    else sendJson(res, 200, answer);
  }

  /** The direct-message channel with a user, as conversations.open and a post to the user give. */
  dm(user: string): string {
    return dmChannelOf(user);
  }

  private withScope(method: string, body: Record<string, unknown>) {
    const needed = scopeNeeded(method, String(body.channel ?? ''));
    // Only where Slack's document says the method answers missing_scope (the 2021 document
    // lists it for conversations.history, not for chat.postMessage or users.info).
    if (!needed || this.scopes.has(needed) || !documentsError(method, 'missing_scope'))
      return undefined;
    return { ok: false, error: 'missing_scope', needed, provided: [...this.scopes].join(',') };
  }

  /** Socket Mode: where apps.connections.open sends the bot, and the app token it must show. */
  socketMode?: { url: string; appToken: string };

  private openSocket(req: RecordedRequest): Record<string, unknown> {
    if (!this.socketMode) return { ok: false, error: 'not_allowed_token_type' };
    if (req.headers.authorization !== `Bearer ${this.socketMode.appToken}`)
      return { ok: false, error: 'invalid_auth' };
    return { ok: true, url: this.socketMode.url };
  }

  private receiveUpload(id: string, req: RecordedRequest, res: ServerResponse): void {
    const file = this.files.find((f) => f.id === id);
    if (!file) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
    file.bytes = fileBytes(req.raw, String(req.headers['content-type'] ?? ''));
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${file.bytes.length}`);
  }

  private answer(method: string, body: Record<string, unknown>): Record<string, unknown> {
    // Like Slack: seconds since the epoch, then a sequence that keeps every ts unique.
    const ts = () => `${Math.floor(Date.now() / 1000)}.${String(++this.nextTs).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://sim.slack.test/',
          team: 'Sim MSP',
          user: 'msp-bot',
          team_id: SIM_TEAM,
          user_id: SIM_BOT_USER,
          bot_id: 'B0SIMBOT',
        };
      case 'chat.postMessage': {
        if (!body.channel) return { ok: false, error: 'channel_not_found' };
        if (!body.text && !body.blocks) return { ok: false, error: 'no_text' };
        if (this.missingChannels.has(String(body.channel))) {
          return { ok: false, error: 'channel_not_found' };
        }
        // A post to a person goes to the DM channel, and the answer names that channel.
        const channel = isUserId(String(body.channel))
          ? dmChannelOf(String(body.channel))
          : String(body.channel);
        this.posted.push({
          channel,
          ts: ts(),
          text: String(body.text ?? ''),
          blocks: body.blocks,
          metadata: parseMaybe(body.metadata),
        });
        return {
          ok: true,
          channel,
          ts: this.posted.at(-1)?.ts,
          message: { text: body.text },
        };
      }
      case 'conversations.open': {
        const users = String(body.users ?? '');
        if (!isUserId(users)) return { ok: false, error: 'user_not_found' };
        return { ok: true, channel: { id: dmChannelOf(users) } };
      }
      case 'chat.update': {
        const channel = String(body.channel ?? '');
        // A user id is no channel: Slack can't find one by it.
        if (!channel || isUserId(channel) || this.missingChannels.has(channel))
          return { ok: false, error: 'channel_not_found' };
        const message = this.posted.find((p) => p.channel === channel && p.ts === body.ts);
        if (!message) return { ok: false, error: 'message_not_found' };
        message.text = String(body.text ?? '');
        message.blocks = body.blocks;
        this.updates.push({ channel, ts: message.ts, text: message.text, blocks: body.blocks });
        return { ok: true, channel, ts: body.ts, text: body.text };
      }
      case 'chat.postEphemeral':
        if (!body.channel || !body.user) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: ts() };
      case 'users.info': {
        const email = this.emails.get(String(body.user));
        if (!body.user) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: body.user,
            name: String(body.user).toLowerCase(),
            profile: email ? { email } : {},
          },
        };
      }
      case 'conversations.history': {
        const messages = this.posted
          .filter((p) => p.channel === body.channel && Number(p.ts) >= Number(body.oldest ?? 0))
          .reverse()
          .map((p) => ({
            type: 'message',
            ts: p.ts,
            text: p.text,
            ...(String(body.include_all_metadata) === 'true' && p.metadata
              ? { metadata: p.metadata }
              : {}),
          }));
        return { ok: true, messages, has_more: false };
      }
      case 'files.getUploadURLExternal': {
        if (!body.filename || !Number(body.length))
          return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++this.nextTs).padStart(9, '0')}`;
        this.files.push({ id, filename: String(body.filename) });
        return { ok: true, upload_url: `${this.url}/upload/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal': {
        const list = parseMaybe(body.files) as { id: string; title?: string }[] | undefined;
        for (const f of list ?? []) {
          const file = this.files.find((x) => x.id === f.id);
          if (!file?.bytes) return { ok: false, error: 'file_not_found' };
          if (body.channel_id && this.missingChannels.has(String(body.channel_id)))
            return { ok: false, error: 'channel_not_found' };
          file.channel = body.channel_id ? String(body.channel_id) : undefined;
          file.comment = body.initial_comment ? String(body.initial_comment) : undefined;
          file.title = f.title;
        }
        return { ok: true, files: (list ?? []).map((f) => ({ id: f.id })) };
      }
      case 'views.open':
        if (!body.trigger_id) return { ok: false, error: 'invalid_trigger_id' };
        return { ok: true, view: { id: `V${this.nextTs++}` } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

/** The PDF (or any file) inside an upload body, whether sent raw or as multipart form data. */
/**
 * The file as uploaded to the upload URL: the raw body, or the one part of a multipart form
 * (what the SDK sends), without the part's headers and boundaries.
 */
function fileBytes(raw: Buffer, contentType: string): Buffer {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return raw;
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2] ?? ''}`);
  const first = raw.indexOf(marker);
  const headersEnd = raw.indexOf('\r\n\r\n', first);
  const next = raw.indexOf(marker, headersEnd);
  if (first < 0 || headersEnd < 0 || next < 0) return raw;
  return raw.subarray(headersEnd + 4, next - 2); // the part ends with CRLF before the boundary
}

function parseMaybe(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
