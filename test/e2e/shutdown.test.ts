import { join } from 'node:path';
import { tempDir } from '../helpers/harness';
import { startBotProcess } from '../helpers/bot-process';

/**
 * SIGTERM always stops the bot, whatever its log stream does. With pino's default destination a
 * bot whose stdout reader had gone (the log collector died) looped for ever in its exit handler
 * after a SIGTERM; only a second signal ended it.
 */
test('with its stdout gone, SIGTERM still stops the bot within SHUTDOWN_GRACE_MS and a little', async () => {
  const dir = tempDir();
  const grace = 2000;
  const child = startBotProcess(
    { PORT: '0', DATA_DIR: join(dir, 'data'), SHUTDOWN_GRACE_MS: String(grace) },
    'pipe',
  );
  const stdout = child.stdout;
  if (!stdout) throw new Error('no stdout to read');
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${out}`)), 20_000);
    stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!out.includes('listening')) return;
      clearTimeout(timer);
      resolve();
    });
  });
  // The collector dies: nobody reads the bot's stdout any more; the next write gets EPIPE.
  stdout.destroy();
  await new Promise((r) => setTimeout(r, 300));

  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const sent = Date.now();
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), grace + 6000);
  });
  const outcome = await Promise.race([exited, deadline]);
  clearTimeout(timer);
  if (outcome === 'still running') child.kill('SIGKILL');
  expect(outcome).toBe(0);
  expect(Date.now() - sent).toBeLessThan(grace + 6000);
}, 40_000);
