import { execFile } from 'node:child_process';

/** Where backups go and how to open it: restic's repository, its password, S3 keys, a CA. */
export interface ResticSettings {
  /** A restic repository, e.g. `s3:https://minio.msp.example:9000/msp-chatops`. */
  repository: string;
  password: string;
  /** S3-compatible storage: the access key pair restic reads as AWS_ACCESS_KEY_ID / …SECRET. */
  s3?: { accessKey: string; secretKey: string };
  /** PEM file of the CA that signed the storage's certificate (MinIO's self-signed one). */
  caFile?: string;
  /** The restic program (default: `restic` on the PATH). */
  binary?: string;
}

/** How many snapshots of each kind `forget` keeps. */
export interface Retention {
  daily: number;
  weekly: number;
  monthly: number;
}

export class ResticError extends Error {}

interface Summary {
  message_type: 'summary';
  snapshot_id: string;
  files_new: number;
  files_changed: number;
  total_files_processed: number;
  total_bytes_processed: number;
}

/** A snapshot as `restic snapshots --json` lists it. */
export interface ResticSnapshot {
  id: string;
  short_id: string;
  time: string;
  paths: string[];
  tags?: string[];
}

const TAG = 'msp-chatops';
/** restic's exit code when the repository does not exist yet (restic 0.17 on; older say 1). */
const NO_REPOSITORY = 10;

/**
 * The restic program, run with the repository's settings in its environment only (never on its
 * command line, where `ps` shows them). Every answer is restic's JSON; a failure carries the
 * last lines restic wrote, with the password and keys taken out.
 */
export class Restic {
  constructor(private readonly settings: ResticSettings) {}

  /** Creates the repository if it does not exist yet; true when it did. */
  async ensureRepository(): Promise<boolean> {
    try {
      await this.run(['cat', 'config']);
      return false;
    } catch (err) {
      const missing =
        err instanceof ResticError &&
        /(does not exist|unable to open config file|Is there a repository)/i.test(err.message);
      if (!missing) throw err;
    }
    await this.run(['init']);
    return true;
  }

  /** Backs up `dir`; the new snapshot's id and size. One host name, whichever instance runs it. */
  async backup(dir: string): Promise<{ snapshot: string; files: number; bytes: number }> {
    const out = await this.run(['backup', '--json', '--tag', TAG, '--host', TAG, '.'], dir);
    const summary = out
      .split('\n')
      .map((line) => parseLine(line))
      .find((m): m is Summary => m?.message_type === 'summary');
    if (!summary?.snapshot_id) throw new ResticError('restic backup ended without a snapshot id');
    return {
      snapshot: summary.snapshot_id,
      files: summary.total_files_processed,
      bytes: summary.total_bytes_processed,
    };
  }

  /**
   * Forgets what the retention does not keep, and frees the space. Snapshots are one series
   * (grouped by the tag), whichever instance made them from whichever staging folder.
   */
  async forget(keep: Retention): Promise<void> {
    await this.run([
      'forget',
      '--tag',
      TAG,
      '--group-by',
      'tags',
      '--keep-daily',
      String(keep.daily),
      '--keep-weekly',
      String(keep.weekly),
      '--keep-monthly',
      String(keep.monthly),
      '--prune',
    ]);
  }

  async snapshots(): Promise<ResticSnapshot[]> {
    const out = await this.run(['snapshots', '--json', '--tag', TAG]);
    return JSON.parse(out || '[]') as ResticSnapshot[];
  }

  /** Restores a snapshot (default: the latest) into `target`. */
  async restore(target: string, snapshot = 'latest'): Promise<void> {
    await this.run(['restore', snapshot, '--tag', TAG, '--target', target]);
  }

  private run(args: string[], cwd?: string): Promise<string> {
    const s = this.settings;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      RESTIC_REPOSITORY: s.repository,
      RESTIC_PASSWORD: s.password,
      ...(s.s3 && { AWS_ACCESS_KEY_ID: s.s3.accessKey, AWS_SECRET_ACCESS_KEY: s.s3.secretKey }),
      // restic's own cache under the bot's, not in a shared home directory.
      ...(process.env.XDG_CACHE_HOME && { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME }),
    };
    const flags = s.caFile ? ['--cacert', s.caFile] : [];
    return new Promise((resolve, reject) => {
      execFile(
        s.binary ?? 'restic',
        [...flags, ...args],
        { env, cwd, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          if (!err) return resolve(stdout);
          const code = (err as { code?: number | string }).code;
          const said = this.redact(`${stderr}`.trim().split('\n').slice(-5).join(' / '));
          const why =
            code === 'ENOENT'
              ? `restic is not installed (${s.binary ?? 'restic'} not found on the PATH)`
              : code === NO_REPOSITORY
                ? `the repository does not exist: ${said}`
                : said || err.message;
          reject(new ResticError(`restic ${args[0]} failed: ${why}`));
        },
      );
    });
  }

  /** What restic said, without anything secret it may have repeated. */
  private redact(text: string): string {
    const secrets = [this.settings.password, this.settings.s3?.secretKey].filter(
      (x): x is string => !!x && x.length >= 4,
    );
    return secrets.reduce((t, secret) => t.split(secret).join('[redacted]'), text);
  }
}

function parseLine(line: string): { message_type?: string } | undefined {
  try {
    return JSON.parse(line) as { message_type?: string };
  } catch {
    return undefined;
  }
}
