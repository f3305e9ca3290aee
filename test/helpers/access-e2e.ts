import { IDS } from './harness';

export const APPROVALS = 'C0ACMEAPPR';
export const ADMINS = 'C0MSPADMIN';
export const ANN = 'U0ANN00001';

/**
 * The sign-in world's config for remote-access tests: an admins' channel, Acme's approver (Ann,
 * also reachable by DM), Tara who is both a tech and an Acme approver, and Gil who approves for
 * Globex only.
 */
export function accessYaml(adminChannel: { channel: 'slack' | 'teams'; id: string }) {
  return (base: string) =>
    base
      .replace(
        'msp: { name: Test MSP }',
        `msp: { name: Test MSP, adminChannel: { channel: ${adminChannel.channel}, id: '${adminChannel.id}' } }`,
      )
      .replace(
        `tech: ['${IDS.tech}', 'grp-techs']`,
        `tech: ['${IDS.tech}', 'grp-techs', 'oid-tara']`,
      )
      .replace(
        `approvers: ['${IDS.acmeApprover}']`,
        `approvers: ['${IDS.acmeApprover}', 'oid-tara']\n    unattended: { groups: [Servers] }`,
      )
      .replace(
        '    name: Globex Ltd\n    action1: { orgId: globex-org }',
        "    name: Globex Ltd\n    action1: { orgId: globex-org }\n    approvers: ['oid-gil']",
      )
      .replace(
        `  ${IDS.slackAdmin}: '${IDS.admin}'`,
        `  ${IDS.slackAdmin}: '${IDS.admin}'\n  ${ANN}: '${IDS.acmeApprover}'`,
      ) + 'remoteAccess: { answerMinutes: 30 }\n';
}

/** A clock the test moves on: real time plus an offset. */
export function movableClock() {
  let offset = 0;
  return {
    clock: () => new Date(Date.now() + offset),
    advance(minutes: number) {
      offset += minutes * 60_000;
    },
  };
}

/** The request id a chat answer names, e.g. "(ra-0123456789ab)". */
export const requestIdIn = (text: string) => /\b((?:ra|bg)-[0-9a-f]{12})\b/.exec(text)?.[1] ?? '';

/** Waits until the probe finds something, and returns it. */
export async function eventually<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`nothing turned up in ${ms} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
