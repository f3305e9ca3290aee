import { join, resolve } from 'node:path';
import type { Store } from '../core/store';
import { RedisStore } from './redis-store';
import { SqliteStore } from './sqlite-store';

/** REDIS_URL selects Redis (many instances); otherwise one SQLite file under DATA_DIR. */
export async function openStore(settings: {
  REDIS_URL?: string;
  REDIS_KEY_PREFIX?: string;
  DATA_DIR: string;
}): Promise<Store> {
  if (settings.REDIS_URL) return RedisStore.connect(settings.REDIS_URL, settings.REDIS_KEY_PREFIX);
  return new SqliteStore(join(resolve(settings.DATA_DIR), 'msp-chatops.sqlite'));
}
