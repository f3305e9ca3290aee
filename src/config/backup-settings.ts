import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { Env } from './env-schema';
import { hhmm } from './patch-policy-schema';

/** The config file's `backups:` section: when, how long snapshots are kept, how failures retry. */
export const backupsSchema = z
  .object({
    /** Daily, at this time (UTC), on one instance. */
    time: hhmm.default('02:15'),
    /** Snapshots restic keeps: the last one of each of so many days, weeks and months. */
    keep: z
      .object({
        daily: z.number().int().min(1).max(366).default(7),
        weekly: z.number().int().min(0).max(520).default(4),
        monthly: z.number().int().min(0).max(240).default(12),
      })
      .strict()
      .default({ daily: 7, weekly: 4, monthly: 12 }),
    /** A failed backup is tried again after each of these waits; after the last, admins are told. */
    retryMinutes: z
      .array(
        z
          .number()
          .min(0.01)
          .max(24 * 60),
      )
      .max(10)
      .default([5, 15, 60]),
  })
  .strict();
export type BackupsFile = z.infer<typeof backupsSchema>;

/** Where backups go (restic), from the environment: none of it is in the config file. */
export interface BackupTarget {
  repository: string;
  password: string;
  s3?: { accessKey: string; secretKey: string };
  caFile?: string;
}

/** The backup target, or undefined when backups are not set up; half a setup is named. */
export function backupTarget(env: Env, problems: string[]): BackupTarget | undefined {
  const {
    BACKUP_REPOSITORY: repository,
    BACKUP_PASSWORD: password,
    BACKUP_S3_ACCESS_KEY: accessKey,
    BACKUP_S3_SECRET_KEY: secretKey,
    BACKUP_CA_CERT: caFile,
  } = env;
  const any = password ?? accessKey ?? secretKey ?? caFile;
  if (!repository) {
    if (any)
      problems.push(
        'BACKUP_REPOSITORY is missing: the other BACKUP_* settings are set, but backups need a restic repository (e.g. s3:https://minio.msp.example:9000/msp-chatops)',
      );
    return undefined;
  }
  const before = problems.length;
  if (!password)
    problems.push(
      'BACKUP_PASSWORD is missing: restic encrypts the backups with it (keep it outside the bot too: without it no backup can be read)',
    );
  if (!accessKey !== !secretKey)
    problems.push(
      `${accessKey ? 'BACKUP_S3_SECRET_KEY' : 'BACKUP_S3_ACCESS_KEY'} is missing: S3 storage needs both keys`,
    );
  if (repository.startsWith('s3:') && !accessKey && !secretKey)
    problems.push(
      'BACKUP_REPOSITORY is S3 storage, so BACKUP_S3_ACCESS_KEY and BACKUP_S3_SECRET_KEY are needed',
    );
  if (caFile && !existsSync(caFile))
    problems.push(`BACKUP_CA_CERT: the file ${caFile} does not exist`);
  if (problems.length > before || !password) return undefined;
  return {
    repository,
    password,
    ...(accessKey && secretKey && { s3: { accessKey, secretKey } }),
    ...(caFile && { caFile }),
  };
}
