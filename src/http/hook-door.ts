import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { readBody, sendJson, type Door } from './door';

/** What the receiving side makes of a body that passed the door: the answer to send. */
export type HookAnswer = { status: number; body: Record<string, unknown> };

export interface HookDoorOptions {
  path: string;
  /** The secret the sender carries (`Authorization: Bearer …`); the door exists only with one. */
  secret: string;
  /** The most a body may be, in bytes. */
  limitBytes: number;
  accept(body: unknown): Promise<HookAnswer>;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** The bearer secret compared in constant time (both sides hashed, so lengths never leak). */
function carriesSecret(req: IncomingMessage, secret: string): boolean {
  const header = req.headers.authorization ?? '';
  const given = /^Bearer (.+)$/.exec(header)?.[1] ?? '';
  return timingSafeEqual(digest(given), digest(secret)) && given.length > 0;
}

/**
 * A door for a system that pushes JSON to the bot with a shared secret (Wazuh's integrator):
 * the secret is checked before the body is read, the body must be JSON of at most `limitBytes`,
 * and only then does `accept` see it. Anything else is answered with what was wrong.
 */
export function hookDoor(options: HookDoorOptions): Door {
  return {
    path: options.path,
    async serve(req, res) {
      if (!carriesSecret(req, options.secret)) {
        req.resume();
        return sendJson(res, 401, { error: 'the shared secret is missing or wrong' });
      }
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
        req.resume();
        return sendJson(res, 415, { error: 'send the alert as application/json' });
      }
      const raw = await readBody(req, options.limitBytes);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return sendJson(res, 400, { error: 'body is not valid JSON' });
      }
      const answer = await options.accept(body);
      sendJson(res, answer.status, answer.body);
    },
  };
}
