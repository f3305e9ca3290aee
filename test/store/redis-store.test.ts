import { storeContract } from './contract';
import { openTestRedis, redisAnswers } from '../helpers/redis';

// Decided before the suite is defined, so a missing Redis skips loudly or fails (REQUIRE_REDIS).
const available = process.env.REDIS_AVAILABLE === '1';

if (available) {
  storeContract('Redis', openTestRedis);
} else if (process.env.REQUIRE_REDIS) {
  test('Redis is required (REQUIRE_REDIS is set) and must answer on 127.0.0.1:6379', async () => {
    expect(await redisAnswers()).toBe(true);
  });
} else {
  console.warn(
    '\n*** Redis is not answering on 127.0.0.1:6379: the Redis store suite is SKIPPED ***\n',
  );
  test.skip('Redis store contract (no Redis answering)', () => undefined);
}
