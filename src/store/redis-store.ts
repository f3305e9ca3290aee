import { createClient } from 'redis';
import type { LogEntry, Store, StoredValue, WriteOptions } from '../core/store';

// Each script runs atomically inside Redis, so several bot instances can share one store.
const SET = `
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'v', ARGV[1])
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) else redis.call('PERSIST', KEYS[1]) end
return n`;
const SET_IF_ABSENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'n', 1)
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;
const COMPARE_AND_SET = `
local n = redis.call('HGET', KEYS[1], 'n')
if not n or tonumber(n) ~= tonumber(ARGV[3]) then return 0 end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'n', tonumber(n) + 1)
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) else redis.call('PERSIST', KEYS[1]) end
return 1`;
const APPEND_AT = `
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[1]) then return 0 end
redis.call('RPUSH', KEYS[1], ARGV[2])
return 1`;
const ACQUIRE_LEASE = `
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;
const RELEASE_LEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;
const INCREMENT = `
local v = redis.call('INCRBY', KEYS[1], ARGV[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return v`;

type Client = ReturnType<typeof createClient>;

/** The shared store for several bot instances behind a load balancer (REDIS_URL). */
export class RedisStore implements Store {
  readonly kind = 'redis' as const;

  private constructor(
    private readonly client: Client,
    private readonly prefix: string,
  ) {}

  static async connect(url: string, prefix = 'msp:'): Promise<RedisStore> {
    // Fail fast at start instead of retrying forever against a wrong URL; once connected, a
    // Redis that restarts is waited for, however long it takes: commands queue meanwhile and
    // go through when it is back, so nothing accepted is lost.
    let connected = false;
    const client = createClient({
      url,
      socket: {
        connectTimeout: 5000,
        reconnectStrategy: (n) => (!connected && n > 20 ? false : Math.min(n * 100, 2000)),
      },
    });
    client.on('error', () => undefined); // surfaced through the failing command instead
    await client.connect();
    connected = true;
    return new RedisStore(client, prefix);
  }

  private kv = (key: string) => `${this.prefix}kv:${key}`;
  private log = (name: string) => `${this.prefix}log:${name}`;
  private lease = (name: string) => `${this.prefix}lease:${name}`;
  private counter = (key: string) => `${this.prefix}count:${key}`;
  private map = (key: string) => `${this.prefix}map:${key}`;

  private async run(script: string, keys: string[], args: (string | number)[]): Promise<number> {
    const result = await this.client.eval(script, { keys, arguments: args.map(String) });
    return Number(result);
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const [value, version] = await this.client.hmGet(this.kv(key), ['v', 'n']);
    return value == null || version == null ? undefined : { value, version: Number(version) };
  }

  async versionOf(key: string): Promise<number> {
    return Number((await this.client.hGet(this.kv(key), 'n')) ?? 0);
  }

  async set(key: string, value: string, options?: WriteOptions): Promise<void> {
    await this.run(SET, [this.kv(key)], [value, options?.ttlMs ?? 0]);
  }

  async setIfAbsent(key: string, value: string, options?: WriteOptions): Promise<boolean> {
    return (await this.run(SET_IF_ABSENT, [this.kv(key)], [value, options?.ttlMs ?? 0])) === 1;
  }

  async compareAndSet(
    key: string,
    expected: number,
    value: string,
    options?: WriteOptions,
  ): Promise<boolean> {
    return (
      (await this.run(COMPARE_AND_SET, [this.kv(key)], [value, options?.ttlMs ?? 0, expected])) ===
      1
    );
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.kv(key));
  }

  async append(log: string, value: string): Promise<number> {
    return this.client.rPush(this.log(log), value);
  }

  async appendAt(log: string, expectedLength: number, value: string): Promise<boolean> {
    return (await this.run(APPEND_AT, [this.log(log)], [expectedLength, value])) === 1;
  }

  async readLog(log: string, fromSeq: number, limit: number): Promise<LogEntry[]> {
    const start = Math.max(1, fromSeq);
    const values = await this.client.lRange(this.log(log), start - 1, start - 2 + limit);
    return values.map((value, i) => ({ seq: start + i, value }));
  }

  async logLength(log: string): Promise<number> {
    return this.client.lLen(this.log(log));
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await this.run(ACQUIRE_LEASE, [this.lease(name)], [holder, ttlMs])) === 1;
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.run(RELEASE_LEASE, [this.lease(name)], [holder]);
  }

  async increment(key: string, by: number, ttlMs: number): Promise<number> {
    return this.run(INCREMENT, [this.counter(key)], [by, ttlMs]);
  }

  async setFields(key: string, fields: ReadonlyMap<string, string | null>): Promise<void> {
    const set: Record<string, string> = {};
    const gone: string[] = [];
    for (const [field, value] of fields)
      if (value === null) gone.push(field);
      else set[field] = value;
    if (fields.size === 0) return;
    // One transaction: a reader sees the map before or after the change, never half of it.
    const tx = this.client.multi();
    if (gone.length < fields.size) tx.hSet(this.map(key), set);
    if (gone.length > 0) tx.hDel(this.map(key), gone);
    await tx.exec();
  }

  async getFields(key: string): Promise<Map<string, string>> {
    return new Map(Object.entries(await this.client.hGetAll(this.map(key))));
  }

  async getField(key: string, field: string): Promise<string | undefined> {
    return (await this.client.hGet(this.map(key), field)) ?? undefined;
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }

  async close(): Promise<void> {
    if (this.client.isOpen) await this.client.close();
  }
}
