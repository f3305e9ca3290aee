import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntraAccount } from '../../sim/entra/entra-sim';
import { tempDir } from './harness';

export interface EntraProcess {
  issuer: string;
  caFile: string;
  ca: Buffer;
  stop(): void;
}

/** Starts sim/entra in its own process (oidc-provider is ESM-only; jest can't load it). */
export function startEntra(options: {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  accounts: EntraAccount[];
}): Promise<EntraProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(__dirname, '..', '..', 'sim', 'entra', 'main.ts'),
      JSON.stringify({ ...options, dir: tempDir() }),
    ],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`entra sim did not start: ${err}`)), 20_000);
    child.stdout?.once('data', (d: Buffer) => {
      clearTimeout(timer);
      const { issuer, caFile } = JSON.parse(d.toString().trim()) as {
        issuer: string;
        caFile: string;
      };
      resolve({ issuer, caFile, ca: readFileSync(caFile), stop: () => child.kill() });
    });
    child.once('exit', (code) => reject(new Error(`entra sim exited ${code}: ${err}`)));
  });
}
