import type { Store } from '../src/core/store';
import { DocBook } from '../src/core/doc-book';
import { currentStep, isOpen, type Onboarding } from '../src/onboarding/onboarding';
import type { Action1Sim } from './action1/action1-sim';
import { seededRandom, updateAppliesTo, type SimEndpoint } from './action1/fleet-generator';

export interface DemoWorldOptions {
  /** How often the world moves on. */
  tickMs: number;
  /** A device the world takes offline was last seen this long ago (past the alert threshold). */
  offlineForMinutes: number;
  /** An onboarding's new device checks in this long after the technician got the install link. */
  checkInAfterMs: number;
  /** At most this many devices per customer offline because of the world at once. */
  maxOfflinePerOrg: number;
  /** Which Action1 organization each customer is (the config's customers[].action1). */
  customers: readonly { id: string; fleetId?: string }[];
  seed?: number;
}

/**
 * The demo's fleet as a living one: on every tick, in each customer, a device drops off (last
 * seen a little over the alert threshold ago, as an agent that stopped reporting), one the world
 * took off comes back, and now and then a new critical update appears on a device that can take
 * it. A device being onboarded checks in a little after its install link went out, as if the
 * technician had run the installer. The bot sees all of it only through Action1's API.
 */
export class DemoWorld {
  private timer?: NodeJS.Timeout;
  private readonly random: () => number;
  private readonly wentOffline = new Map<string, SimEndpoint[]>();
  private readonly onboardings: DocBook<Onboarding>;
  private ticks = 0;

  constructor(
    private readonly action1: Action1Sim,
    store: Store,
    private readonly options: DemoWorldOptions,
  ) {
    this.random = seededRandom(options.seed ?? 7);
    this.onboardings = new DocBook<Onboarding>(store, 'onboarding', isOpen);
  }

  start(): void {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), this.options.tickMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One step of the world; public so a test can move it on without waiting. */
  async tick(now = new Date()): Promise<void> {
    this.ticks++;
    for (const org of this.action1.fleet.orgs) {
      const devices = this.action1.endpointsOf(org.id);
      this.comeBack(org.id, now);
      this.dropOff(org.id, devices, now);
      if (this.ticks % 2 === 0) this.newCriticalUpdate(devices);
    }
    await this.checkInOnboarded(now);
  }

  private dropOff(orgId: string, devices: SimEndpoint[], now: Date): void {
    const gone = this.wentOffline.get(orgId) ?? [];
    if (gone.length >= this.options.maxOfflinePerOrg) return;
    const online = devices.filter((e) => e.online);
    const device = online[Math.floor(this.random() * online.length)];
    if (!device) return;
    const minutes = this.options.offlineForMinutes + Math.floor(this.random() * 30);
    this.action1.setOnline(device.name, false, new Date(now.getTime() - minutes * 60_000));
    this.wentOffline.set(orgId, [...gone, device]);
  }

  /** The oldest device the world took off reports again once the customer has a few off. */
  private comeBack(orgId: string, now: Date): void {
    const gone = this.wentOffline.get(orgId) ?? [];
    if (gone.length < this.options.maxOfflinePerOrg) return;
    const [back, ...rest] = gone;
    if (back) this.action1.setOnline(back.name, true, now);
    this.wentOffline.set(orgId, rest);
  }

  private newCriticalUpdate(devices: SimEndpoint[]): void {
    const updates = this.action1.fleet.updates;
    const online = devices.filter((e) => e.online);
    const device = online[Math.floor(this.random() * online.length)];
    if (!device) return;
    const fits = updates
      .map((u, i) => [u, i] as const)
      .filter(
        ([u, i]) =>
          u.severity === 'Critical' && updateAppliesTo(u, device.os) && !device.missing.includes(i),
      );
    const chosen = fits[Math.floor(this.random() * fits.length)];
    if (chosen) device.missing.push(chosen[1]);
  }

  /** Onboardings waiting for their device: the "installed" agent checks in. */
  private async checkInOnboarded(now: Date): Promise<void> {
    for (const o of await this.onboardings.open()) {
      const step = o.steps[currentStep(o)];
      if (o.state !== 'running' || step?.name !== 'Device checked in') continue;
      const since = o.waitingSince ?? step.at;
      if (!since || now.getTime() - new Date(since).getTime() < this.options.checkInAfterMs)
        continue;
      const orgId = this.options.customers.find((c) => c.id === o.customer)?.fleetId;
      if (!orgId || this.action1.endpointByName(o.sheet.hostname)) continue;
      this.action1.checkIn(orgId, o.sheet.hostname, demoOs(o.sheet.os));
    }
  }
}

/** The onboarding form's OS choice as Action1 would report the device. */
const demoOs = (os: string) =>
  os === 'Windows 11' ? 'Windows 11 (24H2)' : os === 'Windows 10' ? 'Windows 10 (22H2)' : os;
