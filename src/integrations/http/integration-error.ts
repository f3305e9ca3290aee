/** Which outside system, and what kind of failure, in words an MSP tech can act on. */
export type IntegrationFailure =
  | 'auth' // credentials refused
  | 'rate-limited' // still throttled after our retries
  | 'unavailable' // 5xx or connection refused, after retries
  | 'timeout'
  | 'bad-response' // a body we could not read or that broke the documented shape
  | 'not-found'
  | 'rejected'; // 4xx for what we sent

export class IntegrationError extends Error {
  constructor(
    readonly system: string,
    readonly failure: IntegrationFailure,
    detail: string,
    readonly status?: number,
  ) {
    super(`${system}: ${describe(failure)}${detail ? ` (${detail})` : ''}`);
    this.name = 'IntegrationError';
  }
}

function describe(failure: IntegrationFailure): string {
  switch (failure) {
    case 'auth':
      return 'credentials were refused';
    case 'rate-limited':
      return 'is rate-limiting us; try again in a minute';
    case 'unavailable':
      return 'is not answering properly right now';
    case 'timeout':
      return 'did not answer in time';
    case 'bad-response':
      return 'sent an answer we could not read';
    case 'not-found':
      return 'does not know that item';
    case 'rejected':
      return 'refused the request';
  }
}
