import { parse } from 'yaml';
import { fileSchema } from '../../src/config/config-schema';
import type { Place } from '../../src/core/invocation';
import type { Reply } from '../../src/core/reply';
import type { Store } from '../../src/core/store';
import { PostFailure, type ChannelPoster } from '../../src/core/ports';
import { AuditTrail, AUDIT_LOG } from '../../src/core/audit';
import { nobody, type Grants } from '../../src/core/roles';
import { AccessDesk } from '../../src/access/access-desk';
import { AccessRecords } from '../../src/access/access-records';
import { customersOf } from '../../src/config/customer';
import { AccessKeeper } from '../../src/access/access-keeper';
import type { Person } from '../../src/core/person';
import { ChatAccessAudiences } from '../../src/bots/access-audiences';
import { Subscriptions } from '../../src/core/subscriptions';
import { FleetRemoteSessions } from '../../src/integrations/fleet-remote-sessions';
import { Action1Client } from '../../src/integrations/action1/action1-client';
import { Action1Sim } from '../../sim/action1/action1-sim';
import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';
import { MeshCentralSim } from '../../sim/meshcentral';
import { MeshCentralClient } from '../../src/integrations/meshcentral/meshcentral-client';
import { HaloPsaClient } from '../../src/integrations/halopsa/halopsa-client';
import { SqliteStore } from '../../src/store/sqlite-store';
import { AUDIT_KEY, IDS, TEST_CONFIG, tempDir } from './harness';
import { openTestRedis } from './redis';
import { join } from 'node:path';

/** Both store backends (Redis when one answers): the access tests run on each. */
export const accessBackends: [string, () => Promise<Store>][] = [
  ['SQLite', async () => new SqliteStore(join(tempDir(), 'access.sqlite'))],
  ...(process.env.REDIS_AVAILABLE === '1'
    ? [['Redis', () => openTestRedis()] as [string, () => Promise<Store>]]
    : []),
];

/** Posts into memory: what a channel would have shown, with ids for updates. */
export class MemoryPoster implements ChannelPoster {
  readonly posts: { place: Place; reply: Reply; id: string }[] = [];
  readonly updates: { place: Place; id: string; reply: Reply }[] = [];
  refuse = new Set<string>();

  post(place: Place, reply: Reply): Promise<string> {
    if (this.refuse.has(place.conversationId))
      return Promise.reject(new PostFailure('channel_not_found', true));
    const id = `m${this.posts.length + 1}`;
    this.posts.push({ place, reply, id });
    return Promise.resolve(id);
  }

  update(place: Place, id: string, reply: Reply): Promise<void> {
    this.updates.push({ place, id, reply });
    return Promise.resolve();
  }

  textsTo(conversationId: string): string[] {
    return this.posts
      .filter((p) => p.place.conversationId === conversationId)
      .map((p) => (p.reply.kind === 'text' ? p.reply.text : p.reply.summary));
  }
}

export const APPROVALS_CHANNEL = 'C0ACMEAPPR';
export const ADMIN_CHANNEL = 'C0MSPADMIN';
export const SECONDARY = '00000000-0000-0000-0000-00000000c003';
/** Acme's MeshCentral device group; the simulator's other nodes are in other groups. */
export const ACME_MESH = 'mesh//acme-devices';

/** The test config plus an admins' channel, a secondary approver, and the approvers' Slack ids. */
export const ACCESS_YAML = `${TEST_CONFIG.replace(
  'msp: { name: Test MSP }',
  `msp: { name: Test MSP, adminChannel: { channel: slack, id: ${ADMIN_CHANNEL} } }`,
)
  .replace(
    `approvers: ['${IDS.acmeApprover}']`,
    `approvers: ['${IDS.acmeApprover}']\n    secondaryApprovers: ['${SECONDARY}']\n    meshcentral: { groups: ['${ACME_MESH}'] }`,
  )
  .replace(
    '\ncustomers:',
    `\n  U0APPROVE1: '${IDS.acmeApprover}'\n  U0SECOND01: '${SECONDARY}'\ncustomers:`,
  )}remoteAccess: { answerMinutes: 30, sessionMinutes: 60 }\n`;

export const person = (userId: string, oid: string, name: string): Person => ({
  channel: 'slack',
  userId,
  displayName: name,
  entraObjectId: oid,
});
export const PEOPLE = {
  tech: person('U0TECH0001', IDS.tech, 'Dana Tech'),
  admin: person('U0ADMIN001', IDS.admin, 'Ada Admin'),
  approver: person('U0APPROVE1', IDS.acmeApprover, 'Ann Approver'),
  second: person('U0SECOND01', SECONDARY, 'Sam Second'),
  globex: person('U0GLOBEX01', 'oid-globex', 'Gil Globex'),
};

export const grants = (g: Partial<Grants>): Grants => ({ ...nobody('test'), ...g });

/** The access desk and keeper over a real store, the Action1 simulator and a memory poster. */
export async function accessWorld(store: Store, options: { halo?: boolean; mesh?: boolean } = {}) {
  const file = fileSchema.parse(parse(ACCESS_YAML));
  const action1 = new Action1Sim({ clientId: 'api-c@action1.example', clientSecret: 's' });
  await action1.start();
  const halo = options.halo
    ? new HaloPsaSim({ tenant: 'msp', clientId: 'h', clientSecret: 'hs' })
    : undefined;
  await halo?.start();
  const meshAccount = { user: 'bot', password: 'mesh-pass' };
  const mesh = options.mesh ? new MeshCentralSim(meshAccount) : undefined;
  await mesh?.start();
  const haloClient =
    halo &&
    new HaloPsaClient({ baseUrl: halo.url, clientId: 'h', clientSecret: 'hs', tenant: 'msp' });
  const client = new Action1Client({
    baseUrl: action1.baseUrl,
    clientId: 'api-c@action1.example',
    clientSecret: 's',
  });
  let now = new Date('2026-11-27T09:00:00Z');
  const clock = () => now;
  const poster = new MemoryPoster();
  const audit = new AuditTrail(store, AUDIT_KEY);
  const audiences = new ChatAccessAudiences({ file, store, slack: true, teams: true });
  await new Subscriptions(store).subscribe({
    customer: 'acme',
    place: { channel: 'slack', conversationId: APPROVALS_CHANNEL, kind: 'channel' },
    topics: ['approvals'],
    by: 'test',
    at: now.toISOString(),
  });
  const records = new AccessRecords(
    store,
    customersOf(file, { halopsa: !!halo }),
    file.remoteAccess,
  );
  const desk = new AccessDesk({
    records,
    audiences,
    tickets: !!halo,
    changed: () => undefined,
  });
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const keeper = new AccessKeeper({
    records,
    audiences,
    poster,
    sessions: new FleetRemoteSessions(
      client,
      mesh && new MeshCentralClient({ url: mesh.url, ...meshAccount, recordsSessions: true }),
      log,
      clock,
    ),
    audit,
    tickets: haloClient && {
      openTicket: async (t) =>
        (
          await haloClient.createTicket({
            summary: t.summary,
            details: t.details,
            client_id: t.clientId,
          })
        ).id,
    },
    clock,
    log,
  });
  const device = action1.endpointsOf('acme-org').find((e) => e.online);
  if (!device) throw new Error('the simulator has no online device');
  return {
    desk,
    keeper,
    poster,
    audit,
    action1,
    device: { id: device.id, name: device.name },
    clock,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
    sessionsOpened: () =>
      action1.server.requests.filter(
        (r) => r.method === 'POST' && r.path.endsWith('/remote-sessions'),
      ).length,
    async audited(): Promise<string[]> {
      const n = await store.logLength(AUDIT_LOG);
      return (await audit.read(1, n)).map((e) => e.act);
    },
    /** An answer on the card, now. */
    answer: (
      id: string,
      who: Person,
      g: Grants,
      verdict: 'approve' | 'deny' = 'approve',
      note?: string,
    ) => desk.decide(id, who, g, verdict, note, now),
    ask: (minutes = 60) =>
      desk.requestRemote({
        requester: PEOPLE.tech,
        askedIn: { channel: 'slack', conversationId: 'C0TECHS', kind: 'channel' },
        customer: 'acme',
        device: { id: device.id, name: device.name },
        reason: 'Outlook crashes at start',
        minutes,
        now,
      }),
    halo,
    mesh,
    stop: async () => {
      await action1.stop();
      await halo?.stop();
      await mesh?.stop();
    },
  };
}

export type AccessWorld = Awaited<ReturnType<typeof accessWorld>> & { store: Store };

/** A fresh store and world for each test of this describe block, closed after it. */
export function useAccessWorld(
  open: () => Promise<Store>,
  options: { halo?: boolean } = {},
): AccessWorld {
  let store: Store | undefined;
  let world: Awaited<ReturnType<typeof accessWorld>> | undefined;
  beforeEach(async () => {
    store = await open();
    world = await accessWorld(store, options);
  });
  afterEach(async () => {
    await world?.stop();
    await store?.close();
  });
  return new Proxy({} as AccessWorld, {
    get: (_target, key) => (key === 'store' ? store : Reflect.get(world ?? {}, key)),
  });
}
