import type { Place } from '../core/invocation';
import type { Reply } from '../core/reply';
import type { Onboarding } from './onboarding';

/** What the workflow does in the outside world; wired to Action1, the policy, reports, HaloPSA. */
export interface OnboardingTools {
  installLink(orgId: string, os: string): Promise<string>;
  findDevice(orgId: string, hostname: string): Promise<{ id: string; name: string } | undefined>;
  /** Opens (and leaves to time out) a test remote session; says how it went. */
  testRemote(orgId: string, deviceId: string): Promise<string>;
  /** Asks Action1 to rescan, then reads the device's missing updates. */
  scan(orgId: string, deviceId: string): Promise<string>;
  applyPolicy(customerId: string): Promise<string[]>;
  /**
   * Where the customer's maintenance window sits in Action1 (the policy's schedules), in words;
   * undefined when no window is configured. Throws, naming the difference, when Action1's
   * schedules are not in the window.
   */
  windowInAction1(customerId: string): Promise<string | undefined>;
  postBaseline(customerId: string, place: Place): Promise<void>;
  /** Absent when HaloPSA is not set up. Idempotent: an asset found is updated, not doubled. */
  recordInPsa?(o: Onboarding): Promise<{ assetId: number; ticketId: number }>;
  /**
   * A message for the technician, in their own private place. A private reply (the install link)
   * is never posted anywhere shared: false when no private place is known yet.
   */
  tellTech(o: Onboarding, reply: Reply): Promise<boolean>;
  /** Posts the progress card or redraws it; returns its message id. */
  drawCard(o: Onboarding): Promise<string>;
}
