import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { RecordingServer, sendJson } from '../../sim/recording-server';

/**
 * A stand-in for the Entra authority that signs Bot Framework tokens: serves a JWKS at
 * {authority}/{tenant}/discovery/v2.0/keys and signs RS256 tokens with the matching key.
 */
export class TokenAuthority {
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly kid = 'test-key-1';
  private readonly server = new RecordingServer((req, res) => {
    if (req.path.endsWith('/discovery/v2.0/keys')) {
      const jwk = (this.keys.publicKey as KeyObject).export({ format: 'jwk' });
      return sendJson(res, 200, { keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256' }] });
    }
    sendJson(res, 404, { error: 'not found' });
  });
  url = '';

  async start(): Promise<string> {
    this.url = await this.server.start();
    return this.url;
  }

  stop(): Promise<void> {
    return this.server.stop();
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
