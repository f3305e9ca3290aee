import { z } from 'zod';

/**
 * The shapes we accept on /slack/events, checked after the signature and before Bolt sees them.
 * Loose on fields we don't read (Slack adds fields), strict on the ones we rely on.
 */
export const slashCommand = z.object({
  command: z.string().startsWith('/'),
  text: z.string().max(4000).default(''),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  channel_name: z.string().optional(),
  response_url: z.url().optional(),
  trigger_id: z.string().min(1),
});

export const blockActions = z.object({
  type: z.literal('block_actions'),
  user: z.object({
    id: z.string().min(1),
    name: z.string().optional(),
    team_id: z.string().optional(),
  }),
  team: z
    .object({ id: z.string().min(1) })
    .nullable()
    .optional(),
  channel: z.object({ id: z.string().min(1) }).optional(),
  container: z
    .object({
      type: z.string(),
      channel_id: z.string().optional(),
      message_ts: z.string().optional(),
    })
    .optional(),
  response_url: z.url().optional(),
  trigger_id: z.string().min(1),
  actions: z
    .array(
      z.object({
        action_id: z.string().min(1).max(255),
        value: z.string().max(2000).optional(),
        type: z.string(),
        action_ts: z.string().optional(),
      }),
    )
    .min(1),
});

/** Other interactivity (view submissions, shortcuts) is acknowledged and ignored for now. */
export const otherInteraction = z.object({
  type: z.string().min(1),
  trigger_id: z.string().optional(),
});

export const eventCallback = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().min(1),
  team_id: z.string().optional(),
  event: z.object({ type: z.string() }).loose(),
});

export const urlVerification = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(200),
});
