import { z } from 'zod';

/**
 * Wazuh's answers as its own documents describe them: the alert JSON the manager writes (and the
 * integrator hands to a custom integration, and the indexer stores in `wazuh-alerts-4.x-*`,
 * mapped by extensions/elasticsearch/7.x/wazuh-template.json), and the server API's envelope
 * (api/api/spec/spec.yaml: `{data: {...}, error: 0}`).
 */

/** "2026-12-05T23:15:21.123+0000", as the manager writes it; anything else is refused. */
const alertTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/, 'is not a Wazuh timestamp')
  .refine((t) => Number.isFinite(new Date(t).getTime()), 'is not a time');

export const wazuhAlert = z
  .object({
    /** The manager's id for the alert ("1733440521.123456"): the same id twice is one event. */
    id: z.string().min(1).max(64),
    timestamp: alertTime,
    rule: z
      .object({
        id: z.string().regex(/^\d{1,10}$/, 'is not a Wazuh rule id'),
        level: z.number().int().min(0).max(16),
        description: z.string().max(2000).default(''),
        groups: z.array(z.string().max(200)).max(50).default([]),
      })
      .loose(),
    agent: z
      .object({
        /** "000" is the manager itself. */
        id: z.string().regex(/^\d{3,10}$/, 'is not a Wazuh agent id'),
        name: z.string().min(1).max(255),
        ip: z.string().max(64).optional(),
      })
      .loose(),
  })
  .loose();
export type WazuhAlert = z.infer<typeof wazuhAlert>;

/** The integrator's script posts one alert, or a batch of them (a retry of several) as this. */
export const alertBatch = z.object({ alerts: z.array(z.unknown()).min(1).max(500) }).strict();

/** The server API's envelope around `data`. */
const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ data, error: z.number().int().default(0), message: z.string().optional() });

export const loginResponse = envelope(z.object({ token: z.string().min(1) }));

export const agent = z
  .object({
    id: z.string().min(1),
    name: z.string().default(''),
    status: z.string().optional(),
    group: z.array(z.string()).default([]),
    /** ISO time; the manager (000) shows 9999-12-31. */
    lastKeepAlive: z.string().optional(),
    os: z
      .object({ name: z.string().optional(), platform: z.string().optional() })
      .loose()
      .optional(),
  })
  .loose();
export type WazuhAgent = z.infer<typeof agent>;

export const agentsResponse = envelope(
  z.object({
    affected_items: z.array(agent),
    total_affected_items: z.number().int().min(0),
  }),
);

/** The indexer's search answer (OpenSearch `_search`): hits with their sort values. */
export const searchResponse = z.object({
  hits: z.object({
    hits: z.array(
      z.object({
        _id: z.string(),
        _source: z.unknown(),
        sort: z.array(z.union([z.string(), z.number()])).optional(),
      }),
    ),
  }),
});

/** An SCA policy's scan on an agent (GET /sca/{agent_id}, Wazuh 4.x). */
export const scaPolicy = z
  .object({ policy_id: z.string().min(1), name: z.string().default('') })
  .loose();

/** One SCA check's result (GET /sca/{agent_id}/checks/{policy_id}). */
export const scaCheck = z
  .object({
    id: z.number().int(),
    title: z.string().default(''),
    result: z.string().default(''),
  })
  .loose();
export type ScaCheck = z.infer<typeof scaCheck>;

export const scaPoliciesResponse = envelope(z.object({ affected_items: z.array(scaPolicy) }));
export const scaChecksResponse = envelope(z.object({ affected_items: z.array(scaCheck) }));
