/**
 * Secrets must never reach the audit trail or the logs, whatever a person pastes into chat.
 * Keys that name a secret lose their value; strings shaped like known credentials are masked.
 */
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|api[-_]?key|signature|cookie|credential|meshauth/i;
const SECRET_VALUE: readonly RegExp[] = [
  /\bxox[abpre]-[\w-]+/g, // Slack tokens
  /\bxapp-[\w-]+/g, // Slack app-level tokens
  /\bBearer\s+[\w.~+/=-]+/gi,
  /\bBasic\s+[A-Za-z0-9+/=]{4,}/gi, // Authorization: Basic base64(user:password)
  /\beyJ[\w-]+\.eyJ[\w-]+\.[\w-]*/g, // JWTs
  /\b[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{20,}/g, // Entra client secrets
];
// "password=…", "client_secret: …" inside free text such as an error message.
const SECRET_ASSIGNMENT =
  /\b((?:client[_-]?)?(?:password|passwd|secret|token|api[_-]?key))(\s*[=:]\s*)("[^"]*"|[^\s&,;]+)/gi;

const REDACTED = '[redacted]';

// "redis://user:pass@host", "https://key@host": the credentials part of any URL.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi;

export function redactText(text: string): string {
  const masked = SECRET_VALUE.reduce(
    (t, pattern) => t.replace(pattern, REDACTED),
    text.replace(URL_CREDENTIALS, `$1${REDACTED}@`),
  );
  return masked.replace(SECRET_ASSIGNMENT, `$1$2${REDACTED}`);
}

export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 8) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  // An error's message and stack are not own enumerable fields: keep them, masked.
  if (value instanceof Error)
    return {
      type: value.name,
      message: redactText(value.message),
      stack: redactText(value.stack ?? ''),
    };
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        SECRET_KEY.test(k) ? REDACTED : redactSecrets(v, depth + 1),
      ]),
    );
  }
  return value;
}
