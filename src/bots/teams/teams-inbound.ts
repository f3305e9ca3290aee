import { z } from 'zod';
import type { Activity } from '@microsoft/agents-activity';
import type { Actor, Place } from '../../core/invocation';

/** What we require of an activity before the SDK sees it; anything less is a 400. */
export const inboundActivity = z
  .object({
    type: z.string().min(1),
    id: z.string().min(1).max(512).optional(),
    serviceUrl: z.url(),
    channelId: z.string().min(1),
    from: z
      .object({
        id: z.string().min(1),
        name: z.string().max(256).optional(),
        // Present means a real id: an empty one would make every such caller the same person.
        aadObjectId: z.string().min(1).max(128).optional(),
      })
      .loose(),
    conversation: z
      .object({
        id: z.string().min(1),
        conversationType: z.string().optional(),
        tenantId: z.string().optional(),
      })
      .loose(),
    recipient: z.object({ id: z.string().min(1) }).loose(),
    text: z.string().max(10_000).optional(),
    name: z.string().optional(),
    value: z.unknown().optional(),
  })
  .loose();

export function actorOf(activity: Activity): Actor {
  const tenant = (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
  return {
    channel: 'teams',
    // The Entra object id comes from the authenticated activity; never from card data.
    userId: activity.from?.aadObjectId ?? activity.from?.id ?? 'unknown',
    displayName: activity.from?.name,
    tenantId: tenant ?? activity.conversation?.tenantId,
  };
}

export function placeOf(activity: Activity): Place {
  const type = activity.conversation?.conversationType;
  return {
    channel: 'teams',
    conversationId: activity.conversation?.id ?? 'unknown',
    kind: type === 'channel' ? 'channel' : type === 'groupChat' ? 'group' : 'personal',
  };
}

/** "<at>MSP Bot</at> /msp patch-status acme" → "patch-status acme". */
export function commandText(activity: Activity): string {
  return (activity.text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/&nbsp;/g, ' ')
    .trim()
    .replace(/^\/?msp\b\s*/i, '')
    .trim();
}
