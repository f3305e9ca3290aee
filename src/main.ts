import { ConfigError, loadConfig } from './config/config';
import { createLogger, stdoutLog } from './app/logger';
import { armShutdownDeadline } from './app/shutdown-deadline';
import { createBot } from './app/create-bot';

/** `npm start`: read settings, build the bot, serve, and stop cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`msp-chatops cannot start.\n${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger(config.env.LOG_LEVEL, stdoutLog());
  // The first line is for the person who just typed npm start: where, what, and what next.
  log.info(
    { mode: config.mode },
    config.mode === 'demo'
      ? `msp-chatops on ${config.publicUrl} in demo mode (a simulated fleet, no credentials). Chat with it in the Microsoft 365 Agents Playground: npx @microsoft/m365agentsplayground -e ${config.publicUrl}/api/messages -c msteams`
      : `msp-chatops on ${config.publicUrl}: Teams at /api/messages, Slack at /slack/events`,
  );
  for (const warning of config.warnings) log.warn(warning);
  if (config.mode === 'demo')
    log.warn('DEMO MODE: simulated data, no credentials needed; not for customers');

  // A last resort: one failed reply must not take the bot down for everyone.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  const bot = await createBot(config, log);
  const port = await bot.start();
  log.info(
    {
      port,
      store: bot.store.kind,
      mode: config.mode,
      slack: !!config.slack,
      teamsAuth: !!config.teams.appId,
    },
    `msp-chatops listening on ${config.publicUrl}`,
  );

  const shutdown = (signal: string) => {
    // The grace period, plus a little for closing the store, whatever the log stream does.
    armShutdownDeadline(config.env.SHUTDOWN_GRACE_MS + SHUTDOWN_MARGIN_MS);
    quietly(() => log.info({ signal }, 'stopping: no new requests, finishing in-flight work'));
    bot.stop().then(
      () => {
        quietly(() => log.info('stopped cleanly'));
        process.exit(0);
      },
      (err: unknown) => {
        quietly(() => log.error({ err }, 'shutdown failed'));
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

const SHUTDOWN_MARGIN_MS = 5000;

/** A log line on the way out is worth less than getting out. */
function quietly(write: () => void): void {
  try {
    write();
  } catch {
    // the log stream is gone; there is nobody to tell
  }
}

void main();
