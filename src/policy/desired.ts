import type { Policy } from '../config/config-schema';
import type { Weekday } from '../config/patch-policy-schema';
import { HEALTH_FACTS_SCRIPT } from './health-facts';
import { WEEKDAYS, windowOpensUtc, type MaintenanceWindow } from '../core/maintenance-window';
import { dailySettings, weeklySettings, type Action1Day } from './schedule-settings';

/** The group every managed device of a customer is in: the policy's automations target it. */
export const POLICY_GROUP = 'MSP Standard Policy';
/** Our automations carry this prefix: others in the organization are the customer's own. */
export const AUTOMATION_PREFIX = 'MSP: ';

/** An Action1 automation (schedule) as the policy wants it; the fields drift is judged on. */
export interface DesiredAutomation {
  name: string;
  /** In Action1's grammar (schedule-settings.ts), in UTC. */
  settings: string;
  settings_timezone: 'UTC';
  retry_minutes: string;
  actions: { name: string; template_id: string; params: Record<string, unknown> }[];
}

/** Where a customer's weekly maintenance window is, so the policy's reboots fall inside it. */
export interface WindowPlacement {
  window: MaintenanceWindow;
  timeZone: string;
  /** The policy keys the customer set themselves: those win over the window. */
  explicit: Partial<Policy>;
  now: Date;
}

const DAY: Record<Weekday, Action1Day> = {
  sunday: 'Sun',
  monday: 'Mon',
  tuesday: 'Tue',
  wednesday: 'Wed',
  thursday: 'Thu',
  friday: 'Fri',
  saturday: 'Sat',
};
const weekly = (day: Weekday, time: string) => weeklySettings([DAY[day]], time);

// Updates install without anyone approving them first: the policy is the approval.
const APPROVED = {
  automatic_approve_updates: 'yes',
  require_update_approval: 'no',
  automatic_install_delay_days: 0,
};
const filter = (name: string, values: readonly string[]) => ({
  name,
  operator: 'include',
  values: [...values],
});
const deploy = (summary: string, reboot: Record<string, unknown>, filters: object[]) => ({
  name: 'Deploy Update',
  template_id: 'deploy_update',
  params: {
    display_summary: summary,
    scope: 'MatchingFilters',
    filters,
    ...APPROVED,
    reboot_options: reboot,
  },
});
const script = (summary: string, text: string) => ({
  name: 'Run Script',
  template_id: 'run_script',
  params: {
    display_summary: summary,
    platform: 'Windows',
    run_script_language: 'PowerShell',
    run_script_text: text,
    run_script_params: [],
  },
});
const reboot = (yes: boolean) =>
  yes
    ? {
        auto_reboot: 'yes',
        show_message: 'yes',
        message_text: 'Updates from your IT provider need a restart.',
        timeout: 240,
      }
    : { auto_reboot: 'no' };

const plusMinutes = (hhmm: string, minutes: number) => {
  const [h, m] = hhmm.split(':').map(Number) as [number, number];
  const t = (h * 60 + m + minutes) % 1440;
  return `${String(Math.floor(t / 60)).padStart(2, '0')}:${String(t % 60).padStart(2, '0')}`;
};

/**
 * The policy with its reboot-bearing work moved into the customer's maintenance window: OS
 * updates at the window's opening, housekeeping an hour in (or at the opening of a short
 * window), critical patches daily at the window's hour. Keys the customer set explicitly stay.
 */
export function placedInWindow(p: Policy, w: WindowPlacement): Policy & { criticalAt: string } {
  const opens = windowOpensUtc(w.window, w.timeZone, w.now);
  const day = WEEKDAYS[opens.weekday] as Weekday;
  const housekeepingAt = w.window.hours >= 2 ? plusMinutes(opens.time, 60) : opens.time;
  const rolled = housekeepingAt < opens.time ? (WEEKDAYS[(opens.weekday + 1) % 7] as Weekday) : day;
  return {
    ...p,
    osUpdates: w.explicit.osUpdates ?? { ...p.osUpdates, day, time: opens.time },
    housekeeping: w.explicit.housekeeping ?? { day: rolled, time: housekeepingAt },
    criticalAt: opens.time,
  };
}

/** Runbook section 4 as Action1 automations, all aimed at the customer's policy group. */
export function desiredAutomations(base: Policy, place?: WindowPlacement): DesiredAutomation[] {
  const p = place ? placedInWindow(base, place) : { ...base, criticalAt: '00:00' };
  const retry = String(Math.round(p.offlineRetryHours * 60));
  const automation = (
    name: string,
    settings: string,
    action: DesiredAutomation['actions'][number],
    retryMinutes = retry,
  ): DesiredAutomation => ({
    name: `${AUTOMATION_PREFIX}${name}`,
    settings,
    settings_timezone: 'UTC',
    retry_minutes: retryMinutes,
    actions: [action],
  });
  return [
    automation(
      'OS updates (weekly)',
      weekly(p.osUpdates.day, p.osUpdates.time),
      deploy('Windows updates, standard policy', reboot(p.osUpdates.reboot), [
        filter('update_sources', ['Windows - Mandatory']),
      ]),
    ),
    automation(
      'Third-party apps (daily)',
      dailySettings(p.thirdPartyUpdatesDaily),
      deploy(`Third-party apps: ${p.thirdPartyApps.join(', ')}`, reboot(false), [
        filter('update_sources', ['Applications']),
        filter('update_names', p.thirdPartyApps),
      ]),
    ),
    automation(
      `Critical patches (within ${p.criticalPatchWithinHours} h)`,
      dailySettings(p.criticalAt),
      deploy('Critical security updates as soon as they are released', reboot(true), [
        filter('update_security_severities', ['Critical']),
      ]),
      String(Math.round(p.criticalPatchWithinHours * 60)),
    ),
    automation(
      'Defender signatures (daily)',
      dailySettings(p.defenderSignaturesDaily),
      script('Microsoft Defender signature update', 'Update-MpSignature'),
    ),
    automation(
      'Health facts (daily)',
      // Half an hour after the signature update, so the signature age it reports is today's.
      dailySettings(plusMinutes(p.defenderSignaturesDaily, 30)),
      script('Antivirus, firewall, disk health and local administrators', HEALTH_FACTS_SCRIPT),
    ),
    automation(
      'Disk cleanup, temp purge, event-log trim (weekly)',
      weekly(p.housekeeping.day, p.housekeeping.time),
      script(
        'Disk cleanup, temp purge, event-log trim',
        [
          'Start-Process cleanmgr.exe -ArgumentList "/sagerun:1" -Wait',
          'Remove-Item "$env:TEMP\\*","C:\\Windows\\Temp\\*" -Recurse -Force -ErrorAction SilentlyContinue',
          'Get-WinEvent -ListLog * | Where-Object { $_.RecordCount -gt 0 -and $_.IsEnabled } | ForEach-Object { wevtutil sl $_.LogName /ms:33554432 }',
        ].join('\n'),
      ),
    ),
  ];
}
