import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './harness';
import { selfSignedCertificate } from '../../sim/self-signed';

/** s3rver ships no types: the part of it these tests use. */
interface S3rverServer {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

export interface LocalS3 {
  /** restic's repository string for a path in the bucket. */
  repository(path: string): string;
  /** The CA file restic must trust (the server's self-signed certificate). */
  caFile: string;
  accessKey: string;
  secretKey: string;
  stop(): Promise<void>;
}

/**
 * A local S3-compatible server (s3rver, a real S3 REST implementation on disk) over HTTPS with a
 * self-signed certificate made by openssl. HTTPS because over plain HTTP restic's S3 client
 * (minio-go) signs uploads in AWS's chunked encoding, which s3rver stores undecoded.
 */
export async function startLocalS3(bucket = 'msp-backups'): Promise<LocalS3> {
  const dir = tempDir();
  const { key, cert } = selfSignedCertificate(dir, 's3');
  mkdirSync(join(dir, 'objects'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: join(dir, 'objects'),
    key: readFileSync(key),
    cert: readFileSync(cert),
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  return {
    repository: (path) => `s3:https://127.0.0.1:${port}/${bucket}/${path}`,
    caFile: cert,
    // s3rver's fixed development credentials.
    accessKey: 'S3RVER',
    secretKey: 'S3RVER',
    stop: () => server.close(),
  };
}
