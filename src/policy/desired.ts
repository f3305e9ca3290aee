import type { Policy } from '../config-schema';

/** The group every managed device of a customer is in: the policy's automations target it. */
export const POLICY_GROUP = 'MSP Standard Policy';
/** Our automations carry this prefix: others in the organization are the customer's own. */
export const AUTOMATION_PREFIX = 'MSP: ';

/** An Action1 automation (schedule) as the policy wants it; the fields drift is judged on. */
export interface DesiredAutomation {
  name: string;
  settings: string;
  retry_minutes: string;
  actions: { name: string; template_id: string; params: Record<string, unknown> }[];
}

const DAY: Record<string, string> = {
  monday: 'MON',
  tuesday: 'TUE',
  wednesday: 'WED',
  thursday: 'THU',
  friday: 'FRI',
  saturday: 'SAT',
  sunday: 'SUN',
};
const at = (hhmm: string) => `${hhmm.replace(':', '-')}-00`;
// Action1's recurrence format beyond "ENABLED"/"ENABLED ONCE AT:… DATE:…" is unconfirmed
// (apis.md [U]); this follows the documented ONCE form for daily and weekly runs.
const weekly = (day: string, time: string) => `ENABLED WEEKLY AT:${at(time)} DAYS:${DAY[day]}`;
const daily = (time: string) => `ENABLED DAILY AT:${at(time)}`;

const deploy = (summary: string, extra: Record<string, unknown>) => ({
  name: 'Deploy Update',
  template_id: 'deploy_update',
  params: {
    display_summary: summary,
    update_approval: 'automatic',
    automatic_approval_delay_days: 0,
    scope: 'Specified',
    ...extra,
  },
});
const script = (summary: string, text: string) => ({
  name: 'Run Script',
  template_id: 'run_script',
  params: { display_summary: summary, run_script_language: 'PowerShell', run_script_text: text },
});

/** Runbook section 4 as Action1 automations, all aimed at the customer's policy group. */
export function desiredAutomations(p: Policy): DesiredAutomation[] {
  const retry = String(Math.round(p.offlineRetryHours * 60));
  const reboot = (yes: boolean) => ({
    auto_reboot: yes ? 'yes' : 'no',
    show_message: 'yes',
    message_text: 'Updates from your IT provider need a restart.',
    timeout: 240,
  });
  return [
    {
      name: `${AUTOMATION_PREFIX}OS updates (weekly)`,
      settings: weekly(p.osUpdates.day, p.osUpdates.time),
      retry_minutes: retry,
      actions: [
        deploy('Windows updates, standard policy', {
          packages: [{ default: 'default' }],
          reboot_options: reboot(p.osUpdates.reboot),
        }),
      ],
    },
    {
      name: `${AUTOMATION_PREFIX}Third-party apps (daily)`,
      settings: daily(p.thirdPartyUpdatesDaily),
      retry_minutes: retry,
      actions: [
        deploy(`Third-party apps: ${p.thirdPartyApps.join(', ')}`, {
          packages: p.thirdPartyApps.map((app) => ({ [app]: 'latest' })),
          reboot_options: reboot(false),
        }),
      ],
    },
    {
      name: `${AUTOMATION_PREFIX}Critical patches (within ${p.criticalPatchWithinHours} h)`,
      settings: daily('00:00'),
      retry_minutes: String(Math.round(p.criticalPatchWithinHours * 60)),
      actions: [
        deploy('Critical security updates as soon as they are released', {
          packages: [{ default: 'default' }],
          severity: 'Critical',
          reboot_options: reboot(true),
        }),
      ],
    },
    {
      name: `${AUTOMATION_PREFIX}Defender signatures (daily)`,
      settings: daily(p.defenderSignaturesDaily),
      retry_minutes: retry,
      actions: [script('Microsoft Defender signature update', 'Update-MpSignature')],
    },
    {
      name: `${AUTOMATION_PREFIX}Disk cleanup, temp purge, event-log trim (weekly)`,
      settings: weekly(p.housekeeping.day, p.housekeeping.time),
      retry_minutes: retry,
      actions: [
        script(
          'Disk cleanup, temp purge, event-log trim',
          [
            'Start-Process cleanmgr.exe -ArgumentList "/sagerun:1" -Wait',
            'Remove-Item "$env:TEMP\\*","C:\\Windows\\Temp\\*" -Recurse -Force -ErrorAction SilentlyContinue',
            'Get-WinEvent -ListLog * | Where-Object { $_.RecordCount -gt 0 -and $_.IsEnabled } | ForEach-Object { wevtutil sl $_.LogName /ms:33554432 }',
          ].join('\n'),
        ),
      ],
    },
  ];
}
