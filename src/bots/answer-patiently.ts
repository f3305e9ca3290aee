/** The HTTP status of a failed chat call, wherever the SDK put it (undefined: no answer at all). */
export function statusOf(err: unknown): number | undefined {
  const e = (err ?? {}) as {
    statusCode?: number;
    status?: number;
    response?: { status?: number };
    message?: string;
  };
  const status =
    e.statusCode ??
    e.status ??
    e.response?.status ??
    Number(/status (\d{3})/.exec(e.message ?? '')?.[1]);
  return Number.isFinite(status) ? status : undefined;
}

/** Throttled, failing for a moment, or not answering: worth another try. Other 4xx are final. */
const worthRetrying = (err: unknown) => {
  const status = statusOf(err);
  return status === undefined || status === 429 || status >= 500;
};

/**
 * An answer a person is waiting for (the reply to their command or click) is worth a few more
 * tries when Slack or Teams throttles or fails for a moment; the waits grow so a struggling
 * service is not hammered. A retried 5xx may rarely show the answer twice; never showing it is
 * worse. Alerts and reports don't come through here: their delivery is durable (the outbox).
 */
export async function answerPatiently<T>(
  send: () => Promise<T>,
  waitsMs: readonly number[] = [300, 1000, 3000, 8000],
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const wait = waitsMs[attempt];
      if (wait === undefined || !worthRetrying(err)) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
