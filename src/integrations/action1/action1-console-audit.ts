import type { z } from 'zod';
import type { ConsoleAuditSource, ConsoleEvent } from '../../audit/console-events';
import type { Action1Client } from './action1-client';
import type { auditEvent } from './action1-schemas';
import { parseLastSeen } from './last-seen';

/** Action1's audit trail (GET /audit/events), as the console events the bot keeps. */
export class Action1ConsoleAudit implements ConsoleAuditSource {
  constructor(private readonly action1: Action1Client) {}

  async eventsFrom(fromId: string | undefined): Promise<ConsoleEvent[]> {
    const events: z.infer<typeof auditEvent>[] = await this.action1.auditEvents(fromId);
    return events.map((e) => ({
      id: e.id,
      at: (parseLastSeen(e.timestamp) ?? new Date(0)).toISOString(),
      event: e.event,
      description: [e.description, e.object_name].filter(Boolean).join(' · '),
      who: e.user_name || e.user_id || 'unknown',
      orgId: e.org_id || undefined,
      status: e.status_message,
    }));
  }
}
