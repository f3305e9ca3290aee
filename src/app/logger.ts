import pino, { type Logger } from 'pino';
import { redactSecrets, redactText } from '../core/redact';

export type { Logger } from 'pino';

/**
 * Standard output that never holds the bot up: written synchronously (nothing is left in a buffer
 * to flush at exit, which is where pino's default destination loops forever once stdout is a
 * closed pipe), a full pipe drops the line instead of waiting, and a write error (the log
 * collector died: EPIPE) loses that line, not the process.
 */
export function stdoutLog(): pino.DestinationStream {
  const out = pino.destination({ dest: 1, sync: true, minLength: 0, retryEAGAIN: () => false });
  out.on('error', () => undefined);
  return out;
}

/** JSON logs with secrets removed, whichever field or message they turn up in. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'msp-chatops' },
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["x-slack-signature"]',
          '*.token',
          '*.password',
          '*.clientSecret',
          '*.signingSecret',
          '*.botToken',
          '*.appToken',
        ],
        censor: '[redacted]',
      },
      formatters: {
        // Pino's redact paths know fixed places only; a token can sit anywhere in a logged object.
        // `err` is left to its serializer below, which pino runs after this.
        log: ({ err, ...rest }) => ({
          ...(redactSecrets(rest) as Record<string, unknown>),
          ...(err !== undefined && { err }),
        }),
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactText(a) : a));
          return method.apply(this, redacted as Parameters<typeof method>);
        },
      },
      serializers: {
        // Error messages and stacks can quote a connection string or a token; mask them too.
        err: (err: unknown) => {
          // Callers pass errors, but sometimes a plain message: a log line must never throw.
          if (!(err instanceof Error)) return typeof err === 'string' ? redactText(err) : err;
          const serialized = pino.stdSerializers.err(err);
          return {
            ...serialized,
            message: redactText(serialized.message ?? ''),
            stack: redactText(serialized.stack ?? ''),
          };
        },
      },
    },
    destination,
  );
}
