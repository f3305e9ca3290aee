import type { CardActionSpec, CommandCatalogue, CommandSpec } from './command';
import { closest } from './typed-words';

/** The commands and card buttons this bot knows. Filled once in the composition root. */
export class CommandRegistry<S = object> implements CommandCatalogue {
  private readonly commands = new Map<string, CommandSpec<unknown, S>>();
  private readonly actions = new Map<string, CardActionSpec<unknown, S>>();

  constructor(
    commands: readonly CommandSpec<unknown, S>[],
    actions: readonly CardActionSpec<unknown, S>[],
  ) {
    for (const c of commands) {
      if (this.commands.has(c.name)) throw new Error(`command "${c.name}" is registered twice`);
      this.commands.set(c.name, c);
    }
    for (const a of actions) {
      if (this.actions.has(a.verb)) throw new Error(`card action "${a.verb}" is registered twice`);
      this.actions.set(a.verb, a);
    }
  }

  command(name: string): CommandSpec<unknown, S> | undefined {
    return this.commands.get(name);
  }

  action(verb: string): CardActionSpec<unknown, S> | undefined {
    return this.actions.get(verb);
  }

  allCommands(): CommandSpec<unknown, S>[] {
    return [...this.commands.values()];
  }

  closestCommand(typed: string): string | undefined {
    return closest(typed, [...this.commands.keys()]);
  }
}
