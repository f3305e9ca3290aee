import {
  defineCardAction as defineKernelCardAction,
  defineCommand as defineKernelCommand,
  type CardActionSpec,
  type CommandContext as KernelCommandContext,
  type CommandSpec,
} from '../core/command';
import type { Fleet } from '../core/fleet';
import type { FleetReads } from '../core/fleet-reads';
import type { AuditTrail } from '../core/audit';
import type { ConsoleAuditKeeper } from '../audit/console-events';
import type { Customer } from '../config/customer';
import type { DemoPersonaDesk } from '../config/demo-personas';
import type { AccessDesk } from '../access/access-desk';
import type { ReportDelivery } from '../reports/report-desk';
import type { OnboardingDesk } from '../onboarding/onboarding-desk';
import type { PolicyDesk } from '../policy/policy-desk';
import type { BackupStatus } from '../backups/backup-keeper';

/**
 * What commands reach the runbook's features through. The kernel hands these to every handler
 * untouched; construction (app/) builds each feature before the dispatcher, so none is late.
 * A feature is absent only where a test builds a dispatcher without it.
 */
export interface CommandServices {
  /** Customers known to this MSP, for scoping and for validating names typed by people. */
  customers: readonly Customer[];
  fleet: Fleet;
  /** The customers' devices from the poll's snapshot while it is fresh, else live. */
  fleetReads?: FleetReads;
  /** Remote sessions and break-glass (runbook section 5). */
  access?: AccessDesk;
  /** Customer reports (runbook section 6). */
  reports?: ReportDelivery;
  /** Onboarding a device (runbook section 3). */
  onboarding?: OnboardingDesk;
  /** The standard patch policy as code (runbook section 4). */
  policy?: PolicyDesk;
  /** Tells the alert delivery that an alert changed (its copies need redrawing). */
  alertsChanged?(): void;
  /** The audit trail, for `audit` to read and verify. */
  auditTrail?: AuditTrail;
  /** What people did in the Action1 console, kept beside the trail. */
  consoleAudit?: ConsoleAuditKeeper;
  /** Demo mode only: trying the bot as one of its people. */
  personas?: DemoPersonaDesk;
  /** Backups (runbook section 2), where a repository is set. */
  backups?: { status(): Promise<BackupStatus>; time: string };
}

export type CommandContext = KernelCommandContext<CommandServices>;

export const defineCommand = <A>(spec: CommandSpec<A, CommandServices>) =>
  defineKernelCommand(spec);
export const defineCardAction = <D>(spec: CardActionSpec<D, CommandServices>) =>
  defineKernelCardAction(spec);
