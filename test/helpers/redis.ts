import { randomBytes } from 'node:crypto';
import { createConnection } from 'node:net';
import { RedisStore } from '../../src/store/redis-store';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** Is a Redis answering? CI sets REQUIRE_REDIS so a missing one fails instead of skipping. */
export function redisAnswers(): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 6379 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(500, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** Each test gets its own key prefix, so suites never see each other's data. */
export const testPrefix = () => `msp-test:${randomBytes(6).toString('hex')}:`;
export const openTestRedis = (prefix = testPrefix()) => RedisStore.connect(REDIS_URL, prefix);
