import { memoryLog } from '../helpers/harness';

/** Secrets in logs, as they turn up in real failures: each is logged and the output read back. */
describe('logs mask secrets wherever they turn up', () => {
  const SECRETS = {
    redisPassword: 'r3dis-Pa55word-9f8e',
    basic: Buffer.from('admin:hunter2-basic').toString('base64'),
    nestedToken: 'nested-token-value-7d6c5b',
    bearer: 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
    slack: 'xoxb-1111-2222-abcdefABCDEF',
    halo: 'halo-client-secret-0a9b8c',
  };

  function logged(write: (log: ReturnType<typeof memoryLog>['log']) => void): string {
    const { log, lines } = memoryLog('debug');
    write(log);
    log.flush?.();
    return lines.join('');
  }

  test('a Redis URL with a password, in a field and in an error message', () => {
    const out = logged((log) => {
      log.info({ url: `redis://msp:${SECRETS.redisPassword}@cache.internal:6379/0` }, 'store');
      log.error(
        { err: new Error(`connect to redis://msp:${SECRETS.redisPassword}@cache.internal failed`) },
        'store down',
      );
      log.warn(`reconnecting to rediss://:${SECRETS.redisPassword}@cache.internal:6380`);
    });
    expect(out).not.toContain(SECRETS.redisPassword);
    expect(out).toContain('redis://[redacted]@cache.internal:6379/0');
    expect(out).toContain('rediss://[redacted]@cache.internal:6380');
  });

  test('Authorization: Basic, as a header and inside text', () => {
    const out = logged((log) => {
      log.info({ req: { headers: { authorization: `Basic ${SECRETS.basic}` } } }, 'request');
      log.info({ sent: { headers: { Authorization: `Basic ${SECRETS.basic}` } } }, 'outbound');
      log.warn(`HaloPSA said 401 to "Authorization: Basic ${SECRETS.basic}"`);
    });
    expect(out).not.toContain(SECRETS.basic);
  });

  test('tokens and secrets deep in nested objects, and in messages of nested errors', () => {
    const out = logged((log) => {
      log.info(
        {
          call: {
            config: {
              auth: { token: SECRETS.nestedToken, headers: { 'x-api-key': SECRETS.halo } },
            },
            response: { data: { access_token: SECRETS.bearer } },
          },
        },
        'integration call',
      );
      log.error({ cause: { message: `Bearer ${SECRETS.bearer} and ${SECRETS.slack}` } }, 'failed');
      log.error({ err: new Error(`client_secret=${SECRETS.halo} was refused`) }, 'halo');
    });
    for (const secret of [SECRETS.nestedToken, SECRETS.halo, SECRETS.bearer, SECRETS.slack])
      expect(out).not.toContain(secret);
    // What is not a secret stays readable.
    expect(out).toContain('integration call');
    expect(out).toContain('was refused');
  });
});
