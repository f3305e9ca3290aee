import type { SimEndpoint, SimFleet, SimUpdate } from './fleet-generator';

/** Action1's timestamp: UTC yyyy-MM-dd_HH-mm-ss. */
export function action1Time(d: Date): string {
  return d.toISOString().slice(0, 19).replace('T', '_').replace(/:/g, '-');
}

export function endpointJson(e: SimEndpoint, fleet: SimFleet, base: string, extended: boolean) {
  const critical = e.missing.filter((i) => fleet.updates[i]?.severity === 'Critical').length;
  return {
    id: e.id,
    type: 'Endpoint',
    self: `${base}/endpoints/managed/${e.orgId}/${e.id}`,
    name: e.name,
    device_name: e.name,
    status: e.online ? 'Connected' : 'Disconnected',
    last_seen: action1Time(e.lastSeen),
    reboot_required: e.rebootRequired ? 'Yes' : 'No',
    OS: e.os,
    platform: e.os.startsWith('Windows')
      ? 'Windows_64'
      : e.os.startsWith('macOS')
        ? 'Mac'
        : 'Linux',
    address: e.address,
    user: e.user,
    ...(extended && {
      // Seen as strings and as numbers in the wild; the simulator sends both.
      missing_critical_updates: String(critical),
      missing_other_updates: e.missing.length - critical,
    }),
  };
}

export function packageJson(u: SimUpdate) {
  return {
    id: u.id,
    type: 'Package',
    builtin: 'yes',
    name: u.name,
    versions: [
      { id: `${u.id}-latest`, type: 'Version', version: 'Latest', security_severity: u.severity },
    ],
  };
}

export interface PageOptions {
  stringTotals: boolean;
  /** Some Action1 lists give total_items but no next_page; clients must page by offset. */
  withNextPage: boolean;
}

/**
 * A ResultPage with an absolute next_page, as Action1 sends it. `toJson` shapes only the items
 * on this page (a 2,000-device listing shouldn't be serialised whole for every page).
 */
export function resultPage<T, J = T>(
  items: T[],
  url: URL,
  options: PageOptions,
  toJson: (item: T) => J = (item) => item as unknown as J,
) {
  const from = Math.max(0, Number(url.searchParams.get('from') ?? 0) || 0);
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
  const link = (at: number) => {
    const next = new URL(url);
    next.searchParams.set('from', String(at));
    next.searchParams.set('limit', String(limit));
    return next.toString();
  };
  const hasMore = from + limit < items.length;
  return {
    id: '1',
    type: 'ResultPage',
    name: '',
    self: link(from),
    items: items.slice(from, from + limit).map(toJson),
    total_items: options.stringTotals ? String(items.length) : items.length,
    limit: options.stringTotals ? String(limit) : limit,
    next_page: hasMore && options.withNextPage ? link(from + limit) : '',
    prev_page: from > 0 ? link(Math.max(0, from - limit)) : '',
  };
}

/** Action1's error envelope (Error in its contract: status is a string there). */
export const action1Error = (status: number, user: string, details?: Record<string, unknown>) => ({
  status: String(status),
  user_message: user,
  developer_message: user,
  ...(details && { details }),
});
