import { z } from 'zod';
import { WEEKDAYS } from '../core/maintenance-window';

export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time like "02:00"');
export const weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof weekday>;

/** Runbook section 4, as defaults; every key can be overridden per customer (customers[].policy). */
const policyFields = {
  /** OS updates: weekly, rebooting if an update needs it. Times are UTC. */
  osUpdates: z.object({ day: weekday, time: hhmm, reboot: z.boolean() }).strict(),
  /** Third-party applications: daily, for the named apps. */
  thirdPartyUpdatesDaily: hhmm,
  thirdPartyApps: z.array(z.string().min(1).max(100)).max(50),
  /** Critical patches: approved at once, installed within this many hours. */
  criticalPatchWithinHours: z.number().positive(),
  /** Microsoft Defender signature updates, daily. */
  defenderSignaturesDaily: hhmm,
  /** Disk cleanup, temp purge and event-log trim, weekly. */
  housekeeping: z.object({ day: weekday, time: hhmm }).strict(),
  /** Offline devices: how long a scheduled job keeps retrying. */
  offlineRetryHours: z.number().positive(),
  offlineAlertMinutes: z.number().positive(),
};
export const POLICY_DEFAULTS = {
  osUpdates: { day: 'wednesday' as const, time: '02:00', reboot: true },
  thirdPartyUpdatesDaily: '02:30',
  thirdPartyApps: [
    'Google Chrome',
    'Mozilla Firefox',
    'Adobe Acrobat Reader',
    '7-Zip',
    'Zoom Workplace',
  ],
  criticalPatchWithinHours: 24,
  defenderSignaturesDaily: '01:00',
  housekeeping: { day: 'sunday' as const, time: '03:00' },
  offlineRetryHours: 72,
  offlineAlertMinutes: 60,
};
export const policySchema = z
  .object({
    osUpdates: policyFields.osUpdates.default(POLICY_DEFAULTS.osUpdates),
    thirdPartyUpdatesDaily: policyFields.thirdPartyUpdatesDaily.default(
      POLICY_DEFAULTS.thirdPartyUpdatesDaily,
    ),
    thirdPartyApps: policyFields.thirdPartyApps.default(POLICY_DEFAULTS.thirdPartyApps),
    criticalPatchWithinHours: policyFields.criticalPatchWithinHours.default(
      POLICY_DEFAULTS.criticalPatchWithinHours,
    ),
    defenderSignaturesDaily: policyFields.defenderSignaturesDaily.default(
      POLICY_DEFAULTS.defenderSignaturesDaily,
    ),
    housekeeping: policyFields.housekeeping.default(POLICY_DEFAULTS.housekeeping),
    offlineRetryHours: policyFields.offlineRetryHours.default(POLICY_DEFAULTS.offlineRetryHours),
    offlineAlertMinutes: policyFields.offlineAlertMinutes.default(
      POLICY_DEFAULTS.offlineAlertMinutes,
    ),
  })
  .strict();
/** A customer's own exceptions to the MSP's policy: any key, the rest inherited. */
export const policyOverrideSchema = z.object(policyFields).partial().strict();
export type Policy = z.infer<typeof policySchema>;
