import type { Store } from '../core/store';

/** At most `sends` in any `windowMs`. */
export interface PaceLimit {
  sends: number;
  windowMs: number;
}

/**
 * Teams' documented limits for one bot in one conversation (thread): 7 per second, 8 per 2 s,
 * 60 per 30 s, 1,800 per hour (Microsoft Learn, "Optimize your bot with rate limiting in Teams",
 * per bot per thread limit).
 */
export const TEAMS_PER_CONVERSATION: readonly PaceLimit[] = [
  { sends: 7, windowMs: 1_000 },
  { sends: 8, windowMs: 2_000 },
  { sends: 60, windowMs: 30_000 },
  { sends: 1_800, windowMs: 3_600_000 },
];
/**
 * Slack: chat.update is a Web API Tier 3 method, 50+ a minute per method per app per workspace
 * (Slack's "Rate limits" page).
 */
export const SLACK_UPDATES: readonly PaceLimit[] = [{ sends: 50, windowMs: 60_000 }];

/** Recent sends: exact times for windows up to a minute, per-minute counts beyond. */
interface Recent {
  times: number[];
  minutes: Record<string, number>;
}

const EXACT_MS = 60_000;
const MINUTE = 60_000;
/**
 * Sends reach the platform a little after we count them (a proactive turn, a token, a retry):
 * windows are kept this much longer, so arrivals bunched by those delays stay within the limit.
 */
const MARGIN_MS = 300;

/**
 * Keeps sends to one conversation (or one Slack method) within sliding-window limits, shared by
 * every instance through the store. Windows up to a minute are checked against the exact times
 * of recent sends; longer ones against per-minute counts, counting a partly elapsed minute in
 * whole, so the bot stays under the limit, never over it.
 */
export class ConversationPace {
  constructor(
    private readonly store: Store,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Takes a turn for `key` under `limits`: 0 when the send may go now (and is counted), else
   * how many milliseconds to wait before asking again (nothing is counted).
   */
  async take(key: string, limits: readonly PaceLimit[]): Promise<number> {
    const docKey = `pace:${key}`;
    for (let attempt = 0; attempt < 20; attempt++) {
      const now = this.clock();
      const stored = await this.store.get(docKey);
      const recent = stored ? (JSON.parse(stored.value) as Recent) : { times: [], minutes: {} };
      const wait = Math.max(0, ...limits.map((l) => waitFor(recent, l, now)));
      if (wait > 0) return wait;
      const next = record(recent, now);
      const ttlMs = Math.max(...limits.map((l) => l.windowMs)) + MINUTE;
      const saved = stored
        ? await this.store.compareAndSet(docKey, stored.version, JSON.stringify(next), { ttlMs })
        : await this.store.setIfAbsent(docKey, JSON.stringify(next), { ttlMs });
      if (saved) return 0;
    }
    return 100; // too many at once: ask again shortly
  }

  /**
   * Waits for a turn as long as each wait is at most `maxWaitMs`; returns 0 once the send may
   * go, or the longer wait that was not waited out.
   */
  async awaitTurn(key: string, limits: readonly PaceLimit[], maxWaitMs: number): Promise<number> {
    for (;;) {
      const wait = await this.take(key, limits);
      if (wait === 0 || wait > maxWaitMs) return wait;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

function waitFor(recent: Recent, limit: PaceLimit, now: number): number {
  if (limit.windowMs <= EXACT_MS) {
    const windowMs = limit.windowMs + MARGIN_MS;
    const inside = recent.times.filter((t) => t > now - windowMs);
    if (inside.length < limit.sends) return 0;
    // The send that has to leave the window before another may go.
    const leaving = inside[inside.length - limit.sends] ?? now;
    return leaving + windowMs - now + 1;
  }
  const minute = Math.floor(now / MINUTE);
  const span = Math.ceil(limit.windowMs / MINUTE);
  let sent = 0;
  for (let m = minute - span; m <= minute; m++) sent += recent.minutes[m] ?? 0;
  if (sent < limit.sends) return 0;
  // Wait for the oldest counted minute to leave the span.
  const oldest = Object.keys(recent.minutes)
    .map(Number)
    .filter((m) => m >= minute - span)
    .sort((a, b) => a - b)[0];
  return ((oldest ?? minute) + span + 1) * MINUTE - now;
}

function record(recent: Recent, now: number): Recent {
  const minute = Math.floor(now / MINUTE);
  const minutes: Record<string, number> = {};
  for (const [m, n] of Object.entries(recent.minutes)) if (Number(m) > minute - 62) minutes[m] = n;
  minutes[minute] = (minutes[minute] ?? 0) + 1;
  return {
    times: [...recent.times.filter((t) => t > now - EXACT_MS - MARGIN_MS), now],
    minutes,
  };
}
