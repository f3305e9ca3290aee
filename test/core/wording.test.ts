import { cardTime, count, duration, localTime, offlineFor } from '../../src/core/wording';

// Friday 4 December 2026, 21:30 UTC: 22:30 in Berlin (CET), 16:30 in New York (EST).
const NOW = new Date('2026-12-04T21:30:00Z');

describe('times for people, in the customer’s zone', () => {
  test('answers say today, yesterday, the weekday within a week, else the date', () => {
    expect(localTime('2026-12-04T13:05:00Z', 'Europe/Berlin', NOW)).toBe('today 14:05 CET');
    expect(localTime('2026-12-03T08:12:00Z', 'Europe/Berlin', NOW)).toBe('yesterday 09:12 CET');
    expect(localTime('2026-12-01T13:05:00Z', 'Europe/Berlin', NOW)).toBe('Tue 14:05 CET');
    expect(localTime('2026-11-20T13:05:00Z', 'Europe/Berlin', NOW)).toBe('20 Nov 14:05 CET');
    expect(localTime('2025-11-20T13:05:00Z', 'Europe/Berlin', NOW)).toBe('20 Nov 2025 14:05 CET');
    // 23:30 UTC is already Saturday in Berlin, still Friday in New York.
    expect(localTime('2026-12-04T23:30:00Z', 'Europe/Berlin', NOW)).toBe('tomorrow 00:30 CET');
    expect(localTime('2026-12-04T23:30:00Z', 'America/New_York', NOW)).toBe('today 18:30 EST');
    expect(localTime('2026-07-04T13:05:00Z', 'Europe/London', NOW)).toBe('4 Jul 14:05 BST');
    expect(localTime('not a time', 'UTC', NOW)).toBe('unknown');
  });

  test('cards that live for days say the date, never "today"', () => {
    expect(cardTime('2026-12-04T13:05:00Z', 'Europe/Berlin', NOW)).toBe('Fri 4 Dec 14:05 CET');
    expect(cardTime('2025-12-04T13:05:00Z', 'Europe/Berlin', NOW)).toBe('Thu 4 Dec 2025 14:05 CET');
    expect(cardTime('2026-12-04T13:05:00Z', 'America/New_York', NOW)).toBe('Fri 4 Dec 08:05 EST');
  });

  test('durations, plurals and a silent device', () => {
    expect(duration('2026-12-04T21:00:00Z', NOW)).toBe('30 min');
    expect(duration('2026-12-04T18:30:00Z', NOW)).toBe('3 h');
    expect(duration('2026-12-01T21:30:00Z', NOW)).toBe('3 d');
    expect(count(1, 'device')).toBe('1 device');
    expect(count(0, 'device')).toBe('0 devices');
    expect(count(2, 'reply', 'replies')).toBe('2 replies');
    expect(offlineFor(new Date('2026-12-04T18:30:00Z'), 'Europe/Berlin', NOW)).toBe(
      'offline 3 h, last seen today 19:30 CET',
    );
    expect(offlineFor(undefined, 'Europe/Berlin', NOW)).toBe('offline, never seen');
  });
});
