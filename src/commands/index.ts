import { CommandRegistry } from '../core/registry';
import type { CommandServices } from './services';
import { help, helpCommandButton, helpOverviewButton } from './help';
import { whoami, whoamiRefreshButton } from './whoami';
import { login, logout } from './login';
import {
  alertAckButton,
  alerts,
  alertSnoozeButton,
  alertsListButton,
  security,
  alertOpenButton,
  alertTicketButton,
} from './alerts';
import { subscribe, subscriptions, unsubscribe } from './subscribe';
import {
  patchOverviewRefreshButton,
  patchStatus,
  patchStatusButton,
  patchStatusDeviceButton,
} from './patch-status';
import { devices, devicesPageButton } from './devices';
import {
  patchNow,
  patchNowCancelButton,
  patchNowConfirmButton,
  patchNowRequestButton,
} from './patch-now';
import { breakGlass, remote } from './remote';
import { accessHistory, accessOpenButton } from './access-history';
import { audit, auditPageButton } from './audit';
import { backup } from './backup';
import { schedule } from './schedule';
import { support } from './support';
import { demo } from './demo';
import { report } from './report';
import { policy, policyApplyButton, policyCancelButton } from './policy';
import {
  onboard,
  onboardCancelButton,
  onboardConfirmRemoteButton,
  onboardRetryButton,
  onboardStartButton,
} from './onboard';
import {
  accessApproveButton,
  accessCancelButton,
  accessDenyButton,
  accessReviewButton,
} from './access-buttons';

/**
 * Every /msp verb and card button. A new command is one file plus one line here. `demo` (trying
 * the bot as its people) exists only in demo mode: a real tenant never sees it.
 */
export function buildRegistry(options: { demo?: boolean } = {}): CommandRegistry<CommandServices> {
  return new CommandRegistry<CommandServices>(
    [
      help,
      whoami,
      login,
      logout,
      patchStatus,
      devices,
      patchNow,
      remote,
      breakGlass,
      accessHistory,
      audit,
      backup,
      schedule,
      support,
      report,
      policy,
      onboard,
      alerts,
      security,
      subscribe,
      unsubscribe,
      subscriptions,
      ...(options.demo ? [demo] : []),
    ],
    [
      helpCommandButton,
      helpOverviewButton,
      whoamiRefreshButton,
      patchStatusButton,
      patchOverviewRefreshButton,
      patchStatusDeviceButton,
      devicesPageButton,
      patchNowRequestButton,
      patchNowConfirmButton,
      patchNowCancelButton,
      alertsListButton,
      alertOpenButton,
      alertAckButton,
      alertSnoozeButton,
      alertTicketButton,
      accessApproveButton,
      accessDenyButton,
      accessCancelButton,
      accessReviewButton,
      accessOpenButton,
      auditPageButton,
      policyApplyButton,
      policyCancelButton,
      onboardStartButton,
      onboardRetryButton,
      onboardConfirmRemoteButton,
      onboardCancelButton,
    ],
  );
}
