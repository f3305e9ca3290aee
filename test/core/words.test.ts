import { Writable } from 'node:stream';
import { closest, splitWords } from '../../src/core/typed-words';
import { redactSecrets } from '../../src/core/redact';
import { createLogger } from '../../src/app/logger';

describe('words people type', () => {
  test('quotes group words and flags take values', () => {
    expect(splitWords('remote "ACME-LT 042" printer jam --minutes 30 --urgent')).toEqual({
      words: ['remote', 'ACME-LT 042', 'printer', 'jam'],
      flags: { minutes: '30', urgent: true },
    });
    expect(splitWords('report monthly acme --month=2026-10')).toEqual({
      words: ['report', 'monthly', 'acme'],
      flags: { month: '2026-10' },
    });
    // Teams and Slack clients turn quotes and double dashes into typographic ones.
    expect(splitWords('remote “ACME LT” —minutes 5')).toEqual({
      words: ['remote', 'ACME LT'],
      flags: { minutes: '5' },
    });
  });

  test('closest suggests typos, not unrelated words', () => {
    expect(closest('pach-status', ['patch-status', 'patch-now', 'help'])).toBe('patch-status');
    expect(closest('banana', ['patch-status', 'help'])).toBeUndefined();
  });

  test('secrets are redacted by key and by shape', () => {
    expect(
      redactSecrets({
        password: 'p',
        nested: { apiKey: 'k', note: 'use xoxb-123-abc' },
        list: ['Bearer abc.def'],
      }),
    ).toEqual({
      password: '[redacted]',
      nested: { apiKey: '[redacted]', note: 'use [redacted]' },
      list: ['[redacted]'],
    });
    expect(
      redactSecrets('connect failed: password=hunter2; client_secret: "abc def" token=xyz'),
    ).toBe('connect failed: password=[redacted]; client_secret: [redacted] token=[redacted]');
  });
});

test('logging a plain string as err never throws, and secrets in it are masked', () => {
  const lines: string[] = [];
  const sink = new Writable({
    write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()),
  });
  const log = createLogger('info', sink);
  expect(() => log.warn({ err: 'failed with token=abc123' }, 'plain')).not.toThrow();
  expect(() => log.error({ err: new Error('password=hunter2') }, 'error')).not.toThrow();
  expect(lines.join('')).not.toMatch(/abc123|hunter2/);
});
