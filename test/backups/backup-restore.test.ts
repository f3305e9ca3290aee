import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AUDIT_KEY,
  IDS,
  memoryLog,
  slashCommand,
  startHarness,
  tempDir,
  TEST_CONFIG,
  type Harness,
} from '../helpers/harness';
import { startLocalS3, type LocalS3 } from '../helpers/s3';
import { teamsReport } from '../helpers/teams-report';
import { AuditCheckpoints } from '../../src/core/audit-checkpoints';
import type { ChainedAuditRecord } from '../../src/core/audit';
import { ReportArchive } from '../../src/reports/report-archive';

const root = join(__dirname, '..', '..');
const PASSWORD = 'backup-password-0123456789';

/** One of the bot's tools (src/tools), run as a person runs it: its exit code and what it said. */
function tool(
  name: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join('src', 'tools', `${name}.ts`), ...args],
      { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number(err.code ?? 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

let s3: LocalS3;
beforeAll(async () => {
  s3 = await startLocalS3();
});
afterAll(() => s3.stop());

const backupEnv = (path: string) => ({
  BACKUP_REPOSITORY: s3.repository(path),
  BACKUP_PASSWORD: PASSWORD,
  BACKUP_S3_ACCESS_KEY: s3.accessKey,
  BACKUP_S3_SECRET_KEY: s3.secretKey,
  BACKUP_CA_CERT: s3.caFile,
});

/** The snapshots as restic itself lists them (asynchronously: the S3 server is in this process). */
function resticSnapshots(path: string): Promise<{ id: string; short_id: string }[]> {
  return new Promise((resolve, reject) =>
    execFile(
      'restic',
      ['--cacert', s3.caFile, 'snapshots', '--json'],
      {
        env: {
          PATH: process.env.PATH,
          RESTIC_REPOSITORY: s3.repository(path),
          RESTIC_PASSWORD: PASSWORD,
          AWS_ACCESS_KEY_ID: s3.accessKey,
          AWS_SECRET_ACCESS_KEY: s3.secretKey,
        },
      },
      (err, stdout) =>
        err ? reject(err) : resolve(JSON.parse(stdout) as { id: string; short_id: string }[]),
    ),
  );
}

/** The whole trail, as the original bot holds it. */
async function trail(h: Harness): Promise<ChainedAuditRecord[]> {
  return h.bot.audit.read(1, await h.bot.audit.length());
}

describe('backups with restic to S3-compatible storage', () => {
  let h: Harness;
  let restored: Harness | undefined;
  const checkpoints = join(tempDir(), 'checkpoints.jsonl');
  beforeAll(async () => {
    h = await startHarness({ ...backupEnv('bot-one'), AUDIT_CHECKPOINT_FILE: checkpoints });
  });
  afterAll(async () => {
    await h.stop();
    await restored?.stop();
  });

  test('a backup restored into a fresh directory gives a bot whose trail verifies and whose reports download', async () => {
    // Work worth keeping: a remote-support request, and a report with its download link.
    const device = h.action1.endpointsOf('acme-org')[0]?.name ?? '';
    await slashCommand(h, `remote ${device} printer jam`, IDS.slackTech);
    const card = await teamsReport(h, IDS.tech, 'acme');
    const link = /\/reports\/[\w-]{16}\?expires=\d+&sig=[\w-]+/.exec(card)?.[0];
    expect(link).toBeDefined();
    const pdf = Buffer.from(await (await fetch(`${h.baseUrl}${link}`)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await new AuditCheckpoints(h.bot.audit, memoryLog().log, checkpoints).keep();

    expect(await h.bot.backups.keeper?.run()).toBe(true);

    // restic itself lists the snapshot the bot audited; `backup status` names it to admins only.
    const run = (await trail(h)).find((e) => e.act === 'backup');
    expect(run?.outcome).toBe('ok');
    const snapshot = (run?.args as { snapshot: string }).snapshot;
    const listed = await resticSnapshots('bot-one');
    expect(listed.map((s) => s.short_id)).toContain(snapshot.slice(0, 8));
    expect(await slashCommand(h, 'backup status', IDS.slackAdmin)).toContain(snapshot);
    expect(await slashCommand(h, 'backup status', IDS.slackTech)).not.toContain(snapshot);

    // Into a fresh directory, with nothing but the backup settings.
    const to = tempDir();
    const restore = await tool('restore', ['--to', to], backupEnv('bot-one'));
    expect(restore.out).toContain('Restored the backup');
    expect(restore.code).toBe(0);
    expect(readFileSync(join(to, 'msp.config.yaml'), 'utf8')).toBe(TEST_CONFIG);

    // The trail as it was when the backup was made: every entry before the run's own.
    const verify = await tool('audit-verify', [], {
      DATA_DIR: join(to, 'data'),
      AUDIT_KEY,
      AUDIT_CHECKPOINT_FILE: join(to, 'audit-checkpoints.jsonl'),
    });
    expect(verify.out).toContain(
      `Audit trail intact: ${(run?.seq ?? 0) - 1} entries verified, 1 checkpoints held`,
    );
    expect(verify.code).toBe(0);

    // A bot on the restored files: the link sent before the backup still downloads the same PDF,
    // and the remote-support request is in Acme's history.
    restored = await startHarness({
      DATA_DIR: join(to, 'data'),
      MSP_CONFIG: join(to, 'msp.config.yaml'),
      AUDIT_CHECKPOINT_FILE: join(to, 'audit-checkpoints.jsonl'),
    });
    const again = await fetch(`${restored.baseUrl}${link}`);
    expect(again.status).toBe(200);
    expect(Buffer.from(await again.arrayBuffer()).equals(pdf)).toBe(true);
    expect(await slashCommand(restored, 'sessions acme', IDS.slackAdmin)).toContain(device);
    // And the report is in the restored archive (what the portal lists), its file the same PDF.
    const archive = new ReportArchive(restored.bot.store, 400);
    const [archived] = await archive.list('acme', new Date());
    expect(archived?.title).toBe('Monthly Hygiene Report');
    expect((await archive.file('acme', archived?.id ?? ''))?.pdf.equals(pdf)).toBe(true);
  }, 120_000);

  test('npm run backup makes one now, beside the running bot, audited like the scheduled one; restic keeps one a day', async () => {
    const before = (await trail(h)).filter((e) => e.act === 'backup').length;
    for (let i = 0; i < 2; i++) {
      const made = await tool('backup', [], h.env);
      expect(made.out).toMatch(/Backup made: snapshot [0-9a-f]{8}/);
      expect(made.code).toBe(0);
    }
    const runs = (await trail(h)).filter((e) => e.act === 'backup');
    expect(runs).toHaveLength(before + 2);
    // Backups on one day, kept 7 daily: restic keeps the day's last one only, whichever staging
    // folder each was made from.
    const left = await resticSnapshots('bot-one');
    expect(left.map((x) => x.short_id)).toEqual([
      (runs.at(-1)?.args as { snapshot: string }).snapshot.slice(0, 8),
    ]);
  }, 60_000);

  test('a restore refuses a directory that already holds a store, and names what is missing', async () => {
    const none = await tool('restore', ['--to', tempDir()], {});
    expect(none.code).toBe(1);
    expect(none.out).toContain('BACKUP_REPOSITORY is missing');
    const noTarget = await tool('restore', [], backupEnv('bot-one'));
    expect(noTarget.out).toContain('--to DIR is missing');
    const busy = await tool(
      'restore',
      ['--to', join(h.env.DATA_DIR ?? '', '..')],
      backupEnv('bot-one'),
    );
    expect(busy.code).toBe(1);
    expect(busy.out).toContain('already holds a store');
  }, 60_000);
});

describe('a backup that keeps failing', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(
      { ...backupEnv('unreachable'), BACKUP_REPOSITORY: 's3:https://127.0.0.1:9/msp-backups/x' },
      {
        yaml: `${TEST_CONFIG.replace(
          'msp: { name: Test MSP }',
          'msp: { name: Test MSP, adminChannel: { channel: slack, id: C0MSPADMIN } }',
        )}\nbackups: { retryMinutes: [0.01, 0.01] }\n`,
      },
    );
  });
  afterAll(() => h.stop());

  test('is tried again, audited each time, and then the admins are told', async () => {
    expect(await h.bot.backups.keeper?.run()).toBe(false);
    const runs = (await trail(h)).filter((e) => e.act === 'backup');
    expect(runs.map((e) => e.outcome)).toEqual(['error', 'error', 'error']);
    const told = h.slack.posted.filter((p) => p.channel === 'C0MSPADMIN');
    expect(told).toHaveLength(1);
    expect(told[0]?.text).toContain('Backup failed 3 times in a row');
    expect(told[0]?.text).toContain('the last good backup is none yet');
    // The password never reaches the admins' channel or the trail.
    expect(JSON.stringify(runs) + told[0]?.text).not.toContain(PASSWORD);
    expect(await slashCommand(h, 'backup status', IDS.slackAdmin)).toContain(
      'No backup has worked yet',
    );
  }, 60_000);
});
