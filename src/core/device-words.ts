import type { DeviceSource, Endpoint } from './fleet';

const SOURCE_NAMES: Record<DeviceSource, string> = {
  action1: 'Action1',
  intune: 'Intune',
  fleetdm: 'FleetDM',
};

/** Where a device is known from, as people read it: "Action1 + Intune". */
export const sourcesOf = (e: Endpoint): string =>
  (e.sources ?? ['action1']).map((s) => SOURCE_NAMES[s]).join(' + ');

/** What a policy source says of the device, or '' where none checks it. */
export const complianceOf = (e: Endpoint): string =>
  e.compliance
    ? `${SOURCE_NAMES[e.compliance.by]}: ${e.compliance.state === 'unknown' ? 'compliance unknown' : e.compliance.state}${e.compliance.detail && e.compliance.detail !== e.compliance.state ? ` (${e.compliance.detail})` : ''}`
    : '';

/** The device's missing updates in words, or that no source reports them. */
export const updatesOf = (e: Endpoint): string => {
  if (!e.updatesUnknown) return `${e.missingCritical} critical, ${e.missingOther} other`;
  if (e.osUpdate) return `${e.osUpdate.detail} (${SOURCE_NAMES[e.osUpdate.by]})`;
  return 'updates not reported (not managed by Action1)';
};
