import { redisAnswers } from './helpers/redis';

/** Runs once before the workers start: tells the Redis suites whether a server answers. */
export default async function globalSetup(): Promise<void> {
  process.env.REDIS_AVAILABLE = (await redisAnswers()) ? '1' : '0';
}
