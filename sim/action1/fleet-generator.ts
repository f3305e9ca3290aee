import { HEALTH_ATTRIBUTES } from '../../src/core/health-attributes';
/**
 * A seeded, deterministic fleet for the Action1 simulator: the same seed gives the same devices,
 * so tests can compute expected numbers and demos look the same every time. Scales to 50,000
 * endpoints (each endpoint holds indices into shared catalogues, not copies).
 */
export interface SimOrg {
  id: string;
  name: string;
  /** Device names start with this, e.g. "ACME" → ACME-LT-0042. */
  prefix: string;
  endpoints: number;
}

export interface SimUpdate {
  id: string;
  name: string;
  severity: 'Critical' | 'Important' | 'Moderate' | 'Low';
  /** Action1's update_type: an operating-system update or an application's. */
  source: 'Windows' | 'App';
  /** Action1's UpdateType of the version. */
  kind: 'Security Updates' | 'Regular Updates' | 'Definition Updates' | 'Update Rollups';
  kb?: string;
  /** The operating systems (by the start of their name) the update is for. */
  appliesTo: readonly string[];
}

export interface SimSoftware {
  name: string;
  vendor: string;
  latest: string;
  outdated: string;
}

export interface SimEndpoint {
  id: string;
  orgId: string;
  name: string;
  os: string;
  online: boolean;
  lastSeen: Date;
  rebootRequired: boolean;
  user: string;
  address: string;
  /** Indices into the update catalogue. */
  missing: number[];
  /** [software index, outdated?] pairs. */
  software: [number, boolean][];
  /** Custom attributes, as the policy's health-facts script leaves them (Windows only). */
  custom?: Record<string, string>;
}

export interface SimFleet {
  orgs: SimOrg[];
  updates: SimUpdate[];
  software: SimSoftware[];
  endpoints: SimEndpoint[];
}

const WINDOWS = ['Windows'];
const DESKTOPS = ['Windows', 'macOS', 'Ubuntu'];

/**
 * Updates as a real fleet in late 2026 would miss them: each cumulative update is for the one
 * Windows it was built for, application updates for the systems the application runs on.
 * The order is the draw order of generateFleet: keep it, or every seeded fleet changes.
 */
const UPDATE_CATALOGUE: SimUpdate[] = [
  {
    id: 'upd-crit-0_builtin',
    name: '2026-10 Cumulative Update for Windows 11 Version 24H2 (KB5044284)',
    kb: 'KB5044284',
    appliesTo: ['Windows 11'],
  },
  {
    id: 'upd-crit-1_builtin',
    name: '2026-11 Cumulative Update for Windows 10 Version 22H2 (KB5046613)',
    kb: 'KB5046613',
    appliesTo: ['Windows 10'],
  },
  {
    id: 'upd-crit-2_builtin',
    name: '2026-11 Cumulative Update for Microsoft server operating system version 21H2 (KB5046616)',
    kb: 'KB5046616',
    appliesTo: ['Windows Server'],
  },
  {
    id: 'upd-crit-3_builtin',
    name: '2026-11 Cumulative Update for Windows 11 Version 24H2 (KB5046617)',
    kb: 'KB5046617',
    appliesTo: ['Windows 11'],
  },
].map((u) => ({
  ...u,
  severity: 'Critical' as const,
  source: 'Windows' as const,
  kind: 'Security Updates' as const,
}));
UPDATE_CATALOGUE.push(
  {
    id: 'chrome-critical_builtin',
    name: 'Google Chrome 131.0.6778.86 (security fix)',
    severity: 'Critical',
    source: 'App',
    kind: 'Security Updates',
    appliesTo: DESKTOPS,
  },
  ...[
    ['KB5042352', '2026-09 Cumulative Update for .NET Framework 3.5 and 4.8.1 (KB5042352)'],
    ['KB5039338', '2026-10 Cumulative Update for .NET Framework 3.5 and 4.8.1 (KB5039338)'],
    ['KB890830', 'Windows Malicious Software Removal Tool x64 - v5.130 (KB890830)'],
  ].map(([kb = '', name = ''], i) => ({
    id: `upd-imp-${i}_builtin`,
    name,
    severity: 'Important' as const,
    source: 'Windows' as const,
    kind: 'Update Rollups' as const,
    kb,
    appliesTo: WINDOWS,
  })),
  {
    id: 'zoom-update_builtin',
    name: 'Zoom Workplace 6.2.11',
    severity: 'Moderate',
    source: 'App',
    kind: 'Regular Updates',
    appliesTo: DESKTOPS,
  },
  {
    id: 'adobe-reader_builtin',
    name: 'Adobe Acrobat Reader 24.003',
    severity: 'Moderate',
    source: 'App',
    kind: 'Regular Updates',
    appliesTo: ['Windows', 'macOS'],
  },
  {
    id: 'defender-definitions_builtin',
    name: 'Security Intelligence Update for Microsoft Defender Antivirus (KB2267602)',
    severity: 'Low',
    source: 'Windows',
    kind: 'Definition Updates',
    kb: 'KB2267602',
    appliesTo: WINDOWS,
  },
);

/** Is this update one a device with this operating system can miss? */
export const updateAppliesTo = (u: SimUpdate, os: string) =>
  u.appliesTo.some((prefix) => os.startsWith(prefix));

const SOFTWARE_CATALOGUE: SimSoftware[] = [
  {
    name: 'Google Chrome',
    vendor: 'Google LLC',
    latest: '131.0.6778.86',
    outdated: '127.0.6533.120',
  },
  {
    name: 'Zoom Workplace',
    vendor: 'Zoom Video Communications',
    latest: '6.2.11',
    outdated: '5.17.5',
  },
  {
    name: 'Adobe Acrobat Reader',
    vendor: 'Adobe',
    latest: '24.003.20180',
    outdated: '23.006.20360',
  },
  {
    name: 'Microsoft 365 Apps',
    vendor: 'Microsoft Corporation',
    latest: '16.0.18129',
    outdated: '16.0.17029',
  },
  { name: '7-Zip', vendor: 'Igor Pavlov', latest: '24.08', outdated: '19.00' },
];

const OS_MIX: [string, number][] = [
  ['Windows 11 (24H2)', 0.58],
  ['Windows 10 (22H2)', 0.2],
  ['Windows Server 2022', 0.1],
  ['macOS Sequoia', 0.08],
  ['Ubuntu 24.04', 0.04],
];

/** mulberry32: small, fast, and the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let roll = random();
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll <= 0) return value;
  }
  return (weighted.at(-1) as [T, number])[0];
}

const hex = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');

export function generateFleet(orgs: SimOrg[], seed = 42, now = new Date()): SimFleet {
  const random = seededRandom(seed);
  const endpoints: SimEndpoint[] = [];
  const criticalIdx = UPDATE_CATALOGUE.map((u, i) => [u, i] as const)
    .filter(([u]) => u.severity === 'Critical')
    .map(([, i]) => i);
  const otherIdx = UPDATE_CATALOGUE.map((u, i) => [u, i] as const)
    .filter(([u]) => u.severity !== 'Critical')
    .map(([, i]) => i);
  for (const org of orgs) {
    for (let n = 1; n <= org.endpoints; n++) {
      const os = pick(random, OS_MIX);
      const kind = os.startsWith('Windows Server') ? 'SRV' : random() < 0.6 ? 'LT' : 'PC';
      const online = random() >= 0.12;
      const silentMinutes = online ? random() * 5 : 61 + random() * 60 * 24 * 9; // offline: 1 h to 9 days
      const missing: number[] = [];
      if (random() < 0.22) missing.push(...criticalIdx.filter(() => random() < 0.45).slice(0, 3));
      if (random() < 0.5) missing.push(...otherIdx.filter(() => random() < 0.35));
      endpoints.push({
        id: `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`,
        orgId: org.id,
        name: `${org.prefix}-${kind}-${String(n).padStart(org.endpoints >= 10_000 ? 5 : 3, '0')}`,
        os,
        online,
        lastSeen: new Date(now.getTime() - Math.round(silentMinutes * 60_000)),
        rebootRequired: random() < 0.14,
        user: `${org.prefix}\\user${n}`,
        address: `10.${orgs.indexOf(org) + 10}.${Math.floor(n / 250)}.${(n % 250) + 2}`,
        // Drawn as before (the seeded fleet stays the same device for device), then only what
        // this system can miss: no Windows 11 update on a Windows 10 PC, none on a Mac.
        missing: [...new Set(missing)].filter((i) =>
          updateAppliesTo(UPDATE_CATALOGUE[i] as SimUpdate, os),
        ),
        software: SOFTWARE_CATALOGUE.map(
          (_, i) => [i, random() < 0.18] as [number, boolean],
        ).filter(() => random() < 0.8),
      });
    }
  }
  healthFacts(endpoints, seededRandom(seed + 7));
  return { orgs, updates: UPDATE_CATALOGUE, software: SOFTWARE_CATALOGUE, endpoints };
}

/**
 * What the health-facts script reports on most Windows devices (some have not run it yet), from
 * a random stream of its own so the rest of the fleet stays as it was.
 */
function healthFacts(endpoints: SimEndpoint[], random: () => number): void {
  for (const e of endpoints) {
    if (!e.os.startsWith('Windows') || random() < 0.1) continue;
    const age = Math.floor(random() * 3);
    const av = random();
    e.custom = {
      [HEALTH_ATTRIBUTES.antivirus]:
        av < 0.04 ? 'off' : av < 0.1 ? 'on, signatures 9 d' : `on, signatures ${age} d`,
      [HEALTH_ATTRIBUTES.firewall]: random() < 0.07 ? 'off' : 'on',
      [HEALTH_ATTRIBUTES.disk]: random() < 0.05 ? 'warning' : 'healthy',
      [HEALTH_ATTRIBUTES.admins]: random() < 0.1 ? 'Administrator, ' + e.user : 'Administrator',
    };
  }
}

/** The three demo customers: about 150 devices. */
export const DEMO_ORGS: SimOrg[] = [
  { id: 'acme-org', name: 'Acme Corp', prefix: 'ACME', endpoints: 64 },
  { id: 'globex-org', name: 'Globex Ltd', prefix: 'GLOBEX', endpoints: 52 },
  { id: 'initech-org', name: 'Initech', prefix: 'INITECH', endpoints: 36 },
];
