import type { Log } from '../core/ports';
import type { RemoteSession, SessionRecording } from '../access/access-request';
import { SessionRefused, type RemoteSessions, type RemoteTarget } from '../access/access-ports';
import type { Action1Client } from './action1/action1-client';
import type { MeshCentralClient, MeshNode } from './meshcentral/meshcentral-client';
import { IntegrationError } from './http/integration-error';

/** Failures that trying again later may fix; anything else is an answer. */
const passing = (err: unknown) =>
  err instanceof IntegrationError &&
  ['unavailable', 'timeout', 'rate-limited'].includes(err.failure);

/**
 * Opens sessions through Action1's remote-session API; when Action1 can't (the device is
 * offline for it, or it refuses) and MeshCentral is set up, through a MeshCentral share link
 * limited to the approved window, with the user asked to consent and a privacy bar shown.
 */
export class FleetRemoteSessions implements RemoteSessions {
  constructor(
    private readonly action1: Action1Client,
    private readonly mesh: MeshCentralClient | undefined,
    private readonly log: Log,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async start(target: RemoteTarget, until: Date, guest: string): Promise<RemoteSession> {
    let why: string;
    try {
      const res = await this.action1.startRemoteSession(target.orgId, target.deviceId);
      if (res.remote_session) return { via: 'action1', ref: res.id, url: res.remote_session };
      why = 'Action1 answered without a session link';
    } catch (err) {
      if (passing(err) && !this.mesh) throw err;
      why = (err as Error).message;
    }
    if (!this.mesh) throw new SessionRefused(why);
    this.log.warn(
      { device: target.deviceName, why },
      'Action1 could not open a session; using MeshCentral',
    );
    const node = pickNode(await this.mesh.nodes(), target, why);
    const share = await this.mesh.createDeviceShareLink({
      nodeId: node.id,
      guestName: guest,
      start: this.clock(),
      end: until,
    });
    return { via: 'meshcentral', ref: share.publicId, nodeId: node.id, url: share.url };
  }

  /** Ends a MeshCentral share; Action1 sessions close when the technician disconnects. */
  async end(session: RemoteSession): Promise<void> {
    if (session.via !== 'meshcentral' || !session.nodeId || !this.mesh) return;
    const shares = await this.mesh.deviceShares(session.nodeId);
    if (!shares.some((s) => s.publicId === session.ref)) return; // gone already
    await this.mesh.removeDeviceShare(session.nodeId, session.ref);
  }

  /**
   * MeshCentral's recordings of the shared device that began inside the session's window (a
   * minute's slack for clocks). Undefined for Action1 sessions (its API offers no recordings)
   * and where the MSP has not said MeshCentral records (MESHCENTRAL_RECORDINGS).
   */
  async recordings(
    session: RemoteSession,
    from: Date,
    to: Date,
  ): Promise<SessionRecording[] | undefined> {
    const mesh = this.mesh;
    if (session.via !== 'meshcentral' || !mesh?.recordsSessions) return undefined;
    const earliest = from.getTime() - 60_000;
    const began = (rec: { startedAt?: Date }) => rec.startedAt?.getTime() ?? -Infinity;
    return (await mesh.recordings())
      .filter(
        (rec) =>
          rec.nodeId === session.nodeId && began(rec) >= earliest && began(rec) <= to.getTime(),
      )
      .map((rec) => ({
        file: rec.file,
        ...(rec.startedAt && { startedAt: rec.startedAt.toISOString() }),
        ...(rec.seconds !== undefined && { seconds: rec.seconds }),
        url: mesh.recordingUrl(rec.file),
      }));
  }
}

/**
 * The one MeshCentral device that is this customer's device: named like it, in one of the
 * customer's device groups. A name alone proves nothing (anyone who can rename a PC in another
 * customer's group could take the session), so a match outside the groups, or two matches, refuse.
 */
function pickNode(nodes: readonly MeshNode[], target: RemoteTarget, why: string): MeshNode {
  const named = nodes.filter((n) => n.name.toLowerCase() === target.deviceName.toLowerCase());
  if (target.meshGroups.length === 0)
    throw new SessionRefused(
      `${why}; and this customer has no MeshCentral device group set up (customers[].meshcentral.groups)`,
    );
  const mine = named.filter((n) => target.meshGroups.includes(n.meshId));
  if (mine.length === 0)
    throw new SessionRefused(
      named.length > 0
        ? `${why}; MeshCentral's ${target.deviceName} is not in this customer's device groups, so it was not used`
        : `${why}; and MeshCentral has no device named ${target.deviceName} in this customer's device groups`,
    );
  if (mine.length > 1 || named.length > mine.length)
    throw new SessionRefused(
      `${why}; MeshCentral has ${named.length} devices named ${target.deviceName}, so none was used`,
    );
  return mine[0] as MeshNode;
}
