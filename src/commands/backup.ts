import { z } from 'zod';
import { defineCommand } from './services';
import { textReply } from '../core/reply';
import { duration, localTime } from '../core/wording';

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/**
 * `backup status`: the last good backup (restic's snapshot id, when, how much) and the last
 * failure if it came after it. MSP admins only: the backup holds every customer's records.
 */
export const backup = defineCommand({
  name: 'backup',
  summary: 'when the last good backup was made, and whether a later one failed (MSP admins)',
  usage: 'backup status',
  examples: ['backup status'],
  args: {
    positional: ['what'],
    schema: z
      .object({
        what: z.enum(['status'], { message: 'the one backup command is `backup status`' }),
      })
      .strict(),
  },
  access: { who: 'msp', minimum: 'msp-admin' },
  async run(ctx) {
    const desk = ctx.backups;
    if (!desk)
      return textReply(
        'Backups are not set up: set BACKUP_REPOSITORY and BACKUP_PASSWORD (and the S3 keys) to have the bot back itself up daily.',
        { private: true },
      );
    const { lastGood, lastFailure } = await desk.status();
    const zone = 'UTC';
    const good = lastGood
      ? `✅ Last good backup: snapshot ${lastGood.snapshot}, ${localTime(lastGood.at, zone, ctx.now)} (${duration(lastGood.at, ctx.now)} ago), ${lastGood.files} files, ${megabytes(lastGood.bytes)}.`
      : '⚠️ No backup has worked yet.';
    const failed =
      lastFailure && (!lastGood || lastFailure.at > lastGood.at)
        ? `\n⚠️ Since then a backup failed ${localTime(lastFailure.at, zone, ctx.now)} (try ${lastFailure.attempts}): ${lastFailure.why}`
        : '';
    return textReply(`${good}${failed}\nDaily at ${desk.time} UTC.`, { private: true });
  },
});
