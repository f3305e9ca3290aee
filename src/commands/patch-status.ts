import { complianceOf, sourcesOf, updatesOf } from '../core/device-words';
import { z } from 'zod';
import { defineCardAction, defineCommand, type CommandContext } from './services';
import type { Endpoint } from '../core/fleet';
import {
  COMPLIANCE_DEFINITION,
  compliancePctOf,
  offlineDevices,
  summarise,
  complianceStanding,
  exposureStanding,
  type PatchSummary,
} from '../core/patch-summary';
import { cardReply, type Reply } from '../core/reply';
import { count, offlineFor, percent } from '../core/wording';
import { asOfLine, readFleet, zoneOf } from './fleet-view';
import type { FleetView } from '../core/fleet-reads';
import {
  customersHere,
  FLEET_READERS,
  FLEET_READERS_BUTTON,
  findCustomer,
  findEndpoint,
  type FleetCustomer,
} from './customer-lookup';

const SHOWN = 8;

const summaryLine = (s: PatchSummary) =>
  `${percent(s.compliancePct)} compliant · ${count(s.devices, 'device')} · ${s.devicesWithCritical} missing critical · ${s.rebootPending} reboot pending · ${s.offline} offline`;

/** The three figures a card leads with, large, each with its standing as a word and a colour. */
const headline = (s: PatchSummary) => [
  { label: 'Compliance', value: percent(s.compliancePct), ...complianceStanding(s.compliancePct) },
  {
    label: 'Critical exposure',
    value: count(s.devicesWithCritical, 'device'),
    ...exposureStanding(s.devicesWithCritical, true),
  },
  { label: 'Offline', value: count(s.offline, 'device'), ...exposureStanding(s.offline, false) },
];

async function overview(ctx: CommandContext, live = false): Promise<Reply> {
  const customers = customersHere(ctx).filter((c): c is FleetCustomer => !!c.fleetId);
  // One snapshot (or listing) per customer; one that can't be read doesn't hide the others.
  const views: FleetView[] = [];
  const rows = await Promise.all(
    customers.map(async (c) => {
      try {
        const view = await readFleet(ctx, c, live);
        views.push(view);
        return { customer: c, summary: summarise(view.endpoints) };
      } catch (err) {
        return { customer: c, error: (err as Error).message };
      }
    }),
  );
  const all = summarise([]);
  for (const r of rows)
    if (r.summary)
      for (const k of Object.keys(all) as (keyof PatchSummary)[]) all[k] += r.summary[k];
  all.compliancePct = compliancePctOf(all.compliant, all.devices);
  const facts = rows.map((r) => ({
    title: r.customer.name,
    value: r.summary
      ? `${summaryLine(r.summary)} · ${complianceStanding(r.summary.compliancePct).word}`
      : `not available: ${r.error}`,
  }));
  const buttons = rows.map((r) => ({ title: r.customer.name, customer: r.customer.id }));
  const asOf = asOfLine(views, zoneOf(customers), ctx.now);
  const summary = `Patch status, ${rows.length} customers: ${summaryLine(all)}`;
  return cardReply(
    'patch-overview',
    {
      total: summaryLine(all),
      headline: headline(all),
      facts,
      buttons,
      definition: COMPLIANCE_DEFINITION,
      asOf,
    },
    `${summary}\n${asOf}`,
  );
}

async function customerStatus(
  ctx: CommandContext,
  customer: FleetCustomer,
  live = false,
): Promise<Reply> {
  const view = await readFleet(ctx, customer, live);
  const endpoints = view.endpoints;
  const asOf = asOfLine([view], customer.timezone, ctx.now);
  const s = summarise(endpoints);
  const critical = endpoints
    .filter((e) => e.missingCritical > 0)
    .sort((a, b) => b.missingCritical - a.missingCritical);
  const data = {
    customer: customer.id,
    name: customer.name,
    definition: COMPLIANCE_DEFINITION,
    headline: headline(s),
    facts: [
      {
        title: 'Compliance',
        value: `${percent(s.compliancePct)} (${s.compliant} of ${count(s.devices, 'device')} fully patched)`,
      },
      { title: 'Devices', value: String(s.devices) },
      {
        title: 'Critical missing',
        value: `${count(s.criticalMissing, 'update')} on ${count(s.devicesWithCritical, 'device')}`,
      },
      { title: 'Other missing', value: String(s.otherMissing) },
      { title: 'Reboot pending', value: String(s.rebootPending) },
      { title: 'Offline', value: String(s.offline) },
    ],
    offline: offlineDevices(endpoints)
      .slice(0, SHOWN)
      .map((e) => ({ title: e.name, value: offlineFor(e.lastSeen, customer.timezone, ctx.now) })),
    critical: critical.slice(0, SHOWN).map((e) => ({
      title: e.name,
      value: `${e.missingCritical} critical, ${e.missingOther} other`,
    })),
  };
  return cardReply(
    'patch-customer',
    { ...data, asOf },
    `${customer.name}: ${summaryLine(s)}\n${asOf}`,
  );
}

async function deviceStatus(
  ctx: CommandContext,
  customer: FleetCustomer,
  typed: string,
  /** Opened from a device list: the list's page, for Back. */
  back?: { offline: boolean; critical: boolean; page: number },
): Promise<Reply> {
  // Found in the snapshot; the device itself and its missing updates are read live (two calls).
  // A device that checked in since the poll is not in it yet: then Action1 is asked.
  const view = await readFleet(ctx, customer);
  let found = findEndpoint(view.endpoints, typed, customer);
  if (!found.ok && !view.live)
    found = findEndpoint((await readFleet(ctx, customer, true)).endpoints, typed, customer);
  if (!found.ok) return found.reply;
  const [e, missing]: [Endpoint, Awaited<ReturnType<typeof ctx.fleet.missingUpdates>>] =
    await Promise.all([
      ctx.fleet.endpoint(customer.fleetId, found.value.id),
      ctx.fleet.missingUpdates(customer.fleetId, found.value.id),
    ]);
  const critical = missing.filter((u) => u.critical).length;
  const state = deviceStanding(e, critical, missing.length - critical);
  const data = {
    customer: customer.id,
    device: e.name,
    title: `${e.name} (${customer.name})`,
    status: state.text,
    statusColor: state.color,
    facts: [
      {
        title: 'Status',
        value: e.online ? 'online' : offlineFor(e.lastSeen, customer.timezone, ctx.now),
      },
      { title: 'OS', value: e.os },
      { title: 'User', value: e.user ?? 'unknown' },
      { title: 'Reboot pending', value: e.rebootRequired ? 'yes' : 'no' },
      {
        title: 'Missing',
        value: e.updatesUnknown
          ? updatesOf(e)
          : `${critical} critical, ${missing.length - critical} other`,
      },
      { title: 'Source', value: sourcesOf(e) },
      ...(e.compliance ? [{ title: 'Compliance', value: complianceOf(e) }] : []),
    ],
    updates: missing.map((u) => ({ title: u.severity, value: u.name })),
    canDeploy: missing.length > 0 && (ctx.grants.tech || ctx.grants.mspAdmin),
    back: back ? { customer: customer.id, ...back } : '',
  };
  return cardReply('patch-device', data, `${e.name}: ${missing.length} missing updates`);
}

export const patchStatus = defineCommand({
  name: 'patch-status',
  summary: 'patch compliance, critical updates missing, reboots pending, devices offline',
  usage: 'patch-status [customer] [device]',
  examples: ['patch-status', 'patch-status acme', 'patch-status acme ACME-LT-042'],
  args: {
    positional: ['customer?', 'device?'],
    schema: z
      .object({
        customer: z.string().toLowerCase().optional(),
        device: z.string().max(100).optional(),
      })
      .strict(),
  },
  access: FLEET_READERS,
  run: async (ctx, args) => {
    if (!args.customer && !ctx.scope.customer) return overview(ctx);
    const found = findCustomer(ctx, args.customer);
    if (!found.ok) return found.reply;
    return args.device
      ? deviceStatus(ctx, found.value, args.device)
      : customerStatus(ctx, found.value);
  },
});

/** "Details" on the overview: the clicker's own grants decide, as if they had typed it. */
export const patchStatusButton = defineCardAction({
  verb: 'patch-status.customer',
  data: z.object({ customer: z.string().min(1).max(40), refresh: z.boolean().optional() }),
  access: FLEET_READERS_BUTTON,
  run: async (ctx, data) => {
    const found = findCustomer(ctx, data.customer);
    return found.ok ? customerStatus(ctx, found.value, data.refresh === true) : found.reply;
  },
});

/** Refresh on the overview: every customer read from Action1 now (shared with other askers). */
export const patchOverviewRefreshButton = defineCardAction({
  verb: 'patch-status.refresh',
  data: z.object({}),
  access: FLEET_READERS_BUTTON,
  run: (ctx) => overview(ctx, true),
});

/** "Open" on a device list: that device's card, with Back to the page it was opened from. */
export const patchStatusDeviceButton = defineCardAction({
  verb: 'patch-status.device',
  data: z.object({
    customer: z.string().min(1).max(40),
    device: z.string().min(1).max(100),
    back: z
      .object({
        offline: z.boolean(),
        critical: z.boolean(),
        page: z.number().int().min(1).max(10_000),
      })
      .optional(),
  }),
  access: FLEET_READERS_BUTTON,
  run: async (ctx, data) => {
    const found = findCustomer(ctx, data.customer);
    return found.ok ? deviceStatus(ctx, found.value, data.device, data.back) : found.reply;
  },
});

/** One device's standing, worst first: the word a tech reads before the details. */
function deviceStanding(
  e: Endpoint,
  critical: number,
  other: number,
): { text: string; color: string } {
  if (critical > 0)
    return { text: `At risk: ${count(critical, 'critical update')} missing`, color: 'Attention' };
  if (e.compliance?.state === 'noncompliant')
    return { text: `Not compliant: ${complianceOf(e)}`, color: 'Attention' };
  if (e.updatesUnknown)
    return { text: 'Update state not reported: not managed by Action1', color: 'Warning' };
  if (!e.online)
    return { text: 'Offline: its updates are not known to be current', color: 'Warning' };
  if (other > 0)
    return { text: `Needs attention: ${count(other, 'update')} missing`, color: 'Warning' };
  if (e.rebootRequired) return { text: 'Up to date once it restarts', color: 'Warning' };
  return { text: 'Up to date', color: 'Good' };
}
