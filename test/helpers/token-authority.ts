import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { ServerResponse } from 'node:http';
import { sendJson, Simulator, type RecordedRequest } from '../../sim/recording-server';

/**
 * A stand-in for the Entra authority that signs Bot Framework tokens: serves a JWKS at
 * {authority}/{tenant}/discovery/v2.0/keys and signs RS256 tokens with the matching key.
 */
export class TokenAuthority extends Simulator {
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly kid = 'test-key-1';

  protected serve(req: RecordedRequest, res: ServerResponse): void {
    if (req.path.endsWith('/discovery/v2.0/keys')) {
      const jwk = (this.keys.publicKey as KeyObject).export({ format: 'jwk' });
      return sendJson(res, 200, { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256' }] });
    }
    sendJson(res, 404, { error: 'not found' });
  }

  sign(
    claims: { iss: string; aud: string; [k: string]: unknown },
    key: KeyObject = this.keys.privateKey,
  ): string {
    return jwt.sign(
      { serviceurl: 'http://127.0.0.1', ...claims },
      key.export({ format: 'pem', type: 'pkcs8' }),
      {
        algorithm: 'RS256',
        keyid: this.kid,
        expiresIn: 600,
      },
    );
  }
}

/** The bot's Azure Bot registration in tests with TEAMS_APP_ID set. */
export const BOT_APP = { id: 'bot-app-id-0001', tenant: 'tenant-msp' };

/** The settings of a bot that requires Bot Framework tokens signed by this authority. */
export function authenticatedTeamsEnv(authorityUrl: string): Record<string, string> {
  return {
    TEAMS_APP_ID: BOT_APP.id,
    TEAMS_APP_PASSWORD: 'secret-not-used',
    TEAMS_TENANT_ID: BOT_APP.tenant,
    TEAMS_AUTHORITY: authorityUrl,
  };
}
