import { cardReply, textReply } from '../core/reply';
import { accessCard } from './access-card';
import { localTime, nameOf, utc } from '../core/wording';
import { auditChore, noticesTo, withChoreAt, withChores } from './access-chores';
import { SessionRefused } from './access-ports';
import { move, type AccessRequest, type PendingChore } from './access-request';
import type { KeeperDeps } from './access-ports';

type Apply = (r: AccessRequest) => AccessRequest;
const unchanged: Apply = (r) => r;
/** A session that failed this often for passing reasons is given up, and the tech told. */
const SESSION_ATTEMPTS = 4;
/**
 * MeshCentral writes a recording's event five seconds after the relay closes, and a guest may
 * stay connected a little past the window: the first look waits a while, and with the keeper's
 * backoff (2 s doubling) eight looks span about seventeen minutes before "no recording" is said.
 */
const RECORDING_FIRST_LOOK_MS = 15_000;
const RECORDING_LOOKS = 8;

/**
 * Does one chore and returns how to record it in the (latest) request. Throws to retry later.
 * `takenBefore` is set when an instance that went quiet had taken the chore: a post may have
 * gone out already, so the channel is asked first (where it can tell).
 */
export async function performChore(
  keeper: KeeperDeps,
  r: AccessRequest,
  pending: PendingChore,
  takenBefore: string | undefined,
): Promise<Apply> {
  const chore = pending.chore;
  const postId = `${r.id}:${pending.id}`;
  const shown = keeper.records.shownAs(r.customer);
  switch (chore.kind) {
    case 'card': {
      const found = takenBefore
        ? await keeper.poster.find?.(chore.place, postId, new Date(takenBefore))
        : undefined;
      const messageId =
        found ?? (await keeper.poster.post(chore.place, accessCard(r, shown, now(keeper)), postId));
      return (x) => ({ ...x, copies: [...x.copies, { place: chore.place, messageId }] });
    }
    case 'notice': {
      const found = takenBefore
        ? await keeper.poster.find?.(chore.place, postId, new Date(takenBefore))
        : undefined;
      if (!found) await keeper.poster.post(chore.place, chore.reply, postId);
      return unchanged;
    }
    case 'audit':
      await keeper.audit.record(chore.entry);
      return unchanged;
    case 'start-session':
      return startSession(keeper, r, pending, shown);
    case 'end-session': {
      if (r.session) await keeper.sessions.end(r.session);
      const closed = now(keeper);
      const recorded = r.session?.via === 'meshcentral' && keeper.sessions.recordings;
      return (x) => {
        const next = withChores(x, [
          auditChore(x, 'session-closed', closed, undefined, r.session?.via),
        ]);
        if (!recorded) return next;
        const firstLook = new Date(closed.getTime() + RECORDING_FIRST_LOOK_MS);
        return withChoreAt(next, { kind: 'recordings' }, firstLook);
      };
    }
    case 'recordings':
      return linkRecordings(keeper, r, pending);
    case 'ticket': {
      const clientId = keeper.records.customer(r.customer)?.haloClientId;
      if (!keeper.tickets || clientId === undefined) return unchanged;
      const ticketId = await keeper.tickets.openTicket({
        clientId,
        summary: `Break-glass access to ${shown.name} by ${nameOf(r.requester)}`,
        details: `Emergency access for ${r.minutes} minutes from ${utc(r.window?.from ?? r.requestedAt)}.\nReason: ${r.reason}\nReview: pending (msp-chatops request ${r.id}).`,
      });
      return (x) => ({ ...x, review: x.review && { ...x.review, ticketId } });
    }
  }
}

const now = (keeper: KeeperDeps) => keeper.clock?.() ?? new Date();

/**
 * Puts the remote tool's recordings of the session into the record (runbook section 5: the
 * session record links the recording) and the audit trail. None yet is tried again (throwing
 * makes the keeper back off); after the last look the trail says none was kept.
 */
async function linkRecordings(
  keeper: KeeperDeps,
  r: AccessRequest,
  pending: PendingChore,
): Promise<Apply> {
  if (!r.session || !keeper.sessions.recordings) return unchanged;
  const from = new Date(r.window?.from ?? r.requestedAt);
  const to = r.endedAt ? new Date(r.endedAt) : now(keeper);
  const found = await keeper.sessions.recordings(r.session, from, to);
  if (found === undefined) return unchanged;
  if (found.length === 0 && pending.attempts + 1 < RECORDING_LOOKS)
    throw new Error('MeshCentral has no recording of this session yet');
  const detail =
    found.length > 0
      ? found
          .map((f) => f.file)
          .join(', ')
          .slice(0, 500)
      : 'MeshCentral kept no recording of this session';
  return (x) =>
    withChores({ ...x, recordings: found, redraw: found.length > 0 }, [
      auditChore(
        x,
        found.length > 0 ? 'session-recorded' : 'session-not-recorded',
        now(keeper),
        undefined,
        detail,
      ),
    ]);
}

async function startSession(
  keeper: KeeperDeps,
  r: AccessRequest,
  pending: PendingChore,
  shown: { name: string; timezone: string },
): Promise<Apply> {
  // Withdrawn or over before we got to it: nothing to open.
  if ((r.state !== 'approved' && r.state !== 'granted') || !r.window || r.session) return unchanged;
  const customer = keeper.records.customer(r.customer);
  const tellTech = (await keeper.audiences.privately(r.requester)) ?? r.askedIn;
  try {
    if (!customer?.fleetId || !r.device)
      throw new SessionRefused(`${shown.name} has no Action1 organization`);
    const session = await keeper.sessions.start(
      {
        orgId: customer.fleetId,
        deviceId: r.device.id,
        deviceName: r.device.name,
        meshGroups: customer.meshGroups ?? [],
      },
      new Date(r.window.until),
      nameOf(r.requester),
    );
    const link = cardReply(
      'access-session',
      {
        title: `Your remote session to ${r.device.name} is ready`,
        facts: [
          { title: 'Customer', value: shown.name },
          {
            title: 'Until',
            value: localTime(r.window.until, shown.timezone, now(keeper)),
          },
          {
            title: 'Through',
            value:
              session.via === 'action1' ? 'Action1' : 'MeshCentral (the user is asked to consent)',
          },
        ],
        url: session.url,
      },
      `Your remote session to ${r.device.name} is ready: ${session.url}`,
    );
    // Only a private place gets the link; in a shared channel the tech is told where to look.
    const where = tellTech.kind === 'personal' ? tellTech : undefined;
    const notices = where
      ? noticesTo([where], link)
      : noticesTo(
          [r.askedIn],
          textReply(
            `Your session to ${r.device.name} is ready, but I know no private chat with you to send the link to. Open a personal chat with me and ask again.`,
          ),
        );
    return (x) =>
      withChores({ ...x, session, redraw: true }, [
        auditChore(
          x,
          'session-started',
          now(keeper),
          undefined,
          `${session.via} until ${r.window?.until ?? ''}`,
        ),
        ...notices,
      ]);
  } catch (err) {
    const final = err instanceof SessionRefused || pending.attempts + 1 >= SESSION_ATTEMPTS;
    if (!final) throw err;
    const why = (err as Error).message;
    return (x) => {
      const over = x.state === 'approved' || x.state === 'granted' ? move(x, 'ended') : x;
      return withChores({ ...over, endedAt: now(keeper).toISOString() }, [
        auditChore(x, 'session-failed', now(keeper), undefined, why),
        ...noticesTo(
          [tellTech],
          textReply(
            `Access to ${r.device?.name ?? '?'} was approved, but I could not open the session: ${why}. Nothing is open; try \`remote\` again later.`,
          ),
        ),
      ]);
    };
  }
}
