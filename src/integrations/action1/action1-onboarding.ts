import type { Fleet } from '../../core/fleet';
import type { OnboardingTools } from '../../onboarding/onboarding-tools';
import { installTypeFor, type Action1Client } from './action1-client';

/** How long onboarding waits for the test session to connect, asking every few seconds. */
const REMOTE_CONNECT_MS = 60_000;
const REMOTE_POLL_MS = 2000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Onboarding's steps that happen in Action1: the agent link, check-in, remote test, first scan. */
export function action1OnboardingTools(
  action1: Action1Client,
  fleet: Fleet,
): Pick<OnboardingTools, 'installLink' | 'findDevice' | 'testRemote' | 'scan'> {
  return {
    async installLink(orgId, os) {
      return (await action1.agentInstallation(orgId, installTypeFor(os))).download_URL;
    },
    async findDevice(orgId, hostname) {
      const wanted = hostname.toLowerCase();
      return (await fleet.endpoints(orgId)).find((e) => e.name.toLowerCase() === wanted);
    },
    async testRemote(orgId, deviceId) {
      // Remote control works once the session says connected: yes (Action1's contract).
      const asked = await action1.startRemoteSession(orgId, deviceId);
      const until = Date.now() + REMOTE_CONNECT_MS;
      for (let s = asked; ; await sleep(REMOTE_POLL_MS)) {
        if (s.connected === 'yes') return `remote control works (Action1 session ${s.id})`;
        if (Date.now() > until)
          throw new Error(
            `Action1 opened session ${asked.id}, but it did not connect within ${REMOTE_CONNECT_MS / 1000} s`,
          );
        s = await action1.remoteSession(orgId, deviceId, asked.id);
      }
    },
    async scan(orgId, deviceId) {
      await action1.requeryEndpoint(orgId, deviceId);
      const e = await fleet.endpoint(orgId, deviceId);
      return `${e.missingCritical} critical and ${e.missingOther} other updates missing${e.rebootRequired ? '; reboot pending' : ''}`;
    },
  };
}
