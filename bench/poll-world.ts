/** What bench:poll's parts share: the simulated Action1 tenant, the policy, a fresh store. */
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { SqliteStore } from '../src/store/sqlite-store';

export const CREDS = { clientId: 'api-bench@action1.example', clientSecret: 'bench-secret' };
export const POLICY = {
  offlineAlertMinutes: 60,
  offlineRetryHours: 72,
  criticalPatchWithinHours: 24,
};

/** `n` organizations of `per` devices each, as the Action1 simulator takes them. */
export const orgs = (n: number, per: number) =>
  Array.from({ length: n }, (_, i) => ({
    id: `org-${i}`,
    name: `Customer ${i}`,
    prefix: `C${i}`,
    endpoints: per,
  }));

/** A SQLite store in a fresh folder of its own. */
export const freshStore = (name: string) =>
  new SqliteStore(join(mkdtempSync(join(tmpdir(), `bench-${name}-`)), 'store.sqlite'));
