import type { SimEndpoint, SimFleet, SimUpdate } from './fleet-generator';

export const platformOf = (os: string) =>
  os.startsWith('Windows') ? 'Windows' : os.startsWith('macOS') ? 'Mac' : 'Linux';

/** A made-up but stable hardware serial per device name (the contract's Endpoint.serial). */
export function serialOf(name: string): string {
  let h = 2166136261;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return `CZC${(h >>> 0).toString(36).toUpperCase().padStart(7, '0')}`;
}

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
    platform: platformOf(e.os),
    address: e.address,
    user: e.user,
    serial: serialOf(e.name),
    // The counts as the contract gives them (an older tenant's flat fields are read too).
    ...(extended && { missing_updates: { critical, other: e.missing.length - critical } }),
    ...(extended &&
      e.custom && {
        custom: Object.entries(e.custom).map(([name, value]) => ({ name, value })),
      }),
  };
}

/** A missing update as the contract gives it (MissingUpdateWindows or an application's). */
export function packageJson(u: SimUpdate) {
  return {
    id: u.id,
    type: 'Package',
    builtin: 'yes',
    name: u.name,
    update_type: u.source,
    ...(u.kb && { kb_number: u.kb }),
    versions: [
      {
        version: 'Latest',
        security_severity: u.severity,
        update_type: u.kind,
      },
    ],
  };
}

export interface PageOptions {
  /** The contract types totals as strings; a page may give none. */
  totals: 'string' | 'none';
  /** Some Action1 lists give total_items but no next_page; clients must page by offset. */
  withNextPage: boolean;
}

/** A page link as Action1's contract shows it: relative, under /API/ (the API's root). */
const pageLink = (url: URL, at: number, limit: number) => {
  const next = new URL(url);
  next.searchParams.set('from', String(at));
  next.searchParams.set('limit', String(limit));
  return `/API${next.pathname.replace(/^\/api\/3\.0/, '')}${next.search}`;
};

/**
 * A ResultPage as Action1's contract gives it: totals as strings, next_page and prev_page as
 * relative links (empty at either end). `toJson` shapes only the items on this page (a
 * 2,000-device listing shouldn't be serialised whole for every page).
 */
export function resultPage<T, J = T>(
  items: T[],
  url: URL,
  options: PageOptions,
  toJson: (item: T) => J = (item) => item as unknown as J,
) {
  const from = Math.max(0, Number(url.searchParams.get('from') ?? 0) || 0);
  const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50) || 50));
  const hasMore = from + limit < items.length;
  return {
    id: '1',
    type: 'ResultPage',
    self: pageLink(url, from, limit),
    items: items.slice(from, from + limit).map(toJson),
    ...(options.totals === 'string' && { total_items: String(items.length), limit: String(limit) }),
    next_page: hasMore && options.withNextPage ? pageLink(url, from + limit, limit) : '',
    prev_page: from > 0 ? pageLink(url, Math.max(0, from - limit), limit) : '',
  };
}

/** Action1's error envelope (Error in its contract: status is a string there). */
export const action1Error = (status: number, user: string, details?: Record<string, unknown>) => ({
  status: String(status),
  user_message: user,
  developer_message: user,
  ...(details && { details }),
});
