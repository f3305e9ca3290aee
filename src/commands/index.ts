import { CommandRegistry } from '../core/registry';
import { help, helpCommandButton, helpOverviewButton } from './help';
import { whoami, whoamiRefreshButton } from './whoami';

/** Every /msp verb and card button. A new command is one file plus one line here. */
export function buildRegistry(): CommandRegistry {
  return new CommandRegistry(
    [help, whoami],
    [helpCommandButton, helpOverviewButton, whoamiRefreshButton],
  );
}
