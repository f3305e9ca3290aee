import type { MspFile } from './config-schema';

/**
 * Demo mode shows alerts within a minute: it polls right after start and then every minute
 * (the demo's living fleet changes every few seconds). The example file keeps the defaults a
 * real MSP should start from.
 */
export const demoFile = (file: MspFile): MspFile => ({
  ...file,
  alerts: { ...file.alerts, pollMinutes: 1, pollOnStart: true },
});
