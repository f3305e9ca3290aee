import { z } from 'zod';
import { HttpPolicy, type HttpPolicyOptions } from '../http/http-policy';
import { TokenSource } from '../http/token-source';
import * as s from './halopsa-schemas';

export interface HaloSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  tenant?: string;
  pageSize?: number;
  http?: Partial<HttpPolicyOptions>;
}

export interface NewTicket {
  summary: string;
  details?: string;
  client_id: number;
  tickettype_id?: number;
  status_id?: number;
  priority_id?: number;
  assets?: { id: number }[];
}

/** HaloPSA: tickets, actions (notes), assets, clients and statuses, over the shared HTTP policy. */
export class HaloPsaClient {
  readonly http: HttpPolicy;
  private readonly pageSize: number;

  constructor(settings: HaloSettings) {
    this.pageSize = settings.pageSize ?? 100;
    const policy = { system: 'HaloPSA', baseUrl: settings.baseUrl, ...settings.http };
    const tokenHttp = new HttpPolicy(policy);
    const token = new TokenSource(async () => {
      const t = await tokenHttp.request({
        method: 'POST',
        path: 'auth/token',
        params: { tenant: settings.tenant },
        form: true,
        body: {
          grant_type: 'client_credentials',
          client_id: settings.clientId,
          client_secret: settings.clientSecret,
          scope: 'all',
        },
        schema: s.tokenResponse,
      });
      return { token: t.access_token, expiresInSeconds: t.expires_in };
    });
    this.http = new HttpPolicy({ ...policy, token });
  }

  /** Every record of a list, page by page (Halo spells it `pageinate`). */
  private async all<K extends string, T extends z.ZodType>(
    path: string,
    key: K,
    item: T,
    params: Record<string, string | number | boolean | undefined> = {},
  ): Promise<z.infer<T>[]> {
    const schema = s.list(key, item);
    const rows: z.infer<T>[] = [];
    for (let page = 1; ; page++) {
      const res = (await this.http.request({
        path,
        params: { ...params, pageinate: true, page_size: this.pageSize, page_no: page },
        schema,
      })) as { record_count?: number } & Record<K, z.infer<T>[]>;
      const items = res[key];
      rows.push(...items);
      if (
        items.length < this.pageSize ||
        (res.record_count !== undefined && rows.length >= res.record_count)
      )
        return rows;
    }
  }

  tickets(
    filter: {
      clientId?: number;
      openOnly?: boolean;
      /** Closed tickets, the dates then bounding when they closed. */
      closedOnly?: boolean;
      startDate?: string;
      endDate?: string;
    } = {},
  ) {
    return this.all('api/Tickets', 'tickets', s.ticket, {
      client_id: filter.clientId,
      open_only: filter.openOnly,
      closed_only: filter.closedOnly,
      // The dates bound the field named by datesearch (the swagger's spellings: "dateoccured",
      // and "datecleared" for the date closed).
      ...((filter.startDate || filter.endDate) && {
        datesearch: filter.closedOnly ? 'datecleared' : 'dateoccured',
      }),
      startdate: filter.startDate,
      enddate: filter.endDate,
      includetimetaken: true,
    });
  }

  ticket(id: number) {
    return this.http.request({
      path: `api/Tickets/${id}`,
      params: { includedetails: true },
      schema: s.ticket,
    });
  }

  createTicket(ticket: NewTicket) {
    return this.http.request({
      method: 'POST',
      path: 'api/Tickets',
      body: [asHtml(ticket)],
      schema: s.saved(s.ticket),
    });
  }

  /** Halo updates by POSTing the changed fields with the id. */
  updateTicket(id: number, fields: Partial<NewTicket> & { status_id?: number }) {
    return this.http.request({
      method: 'POST',
      path: 'api/Tickets',
      body: [{ ...asHtml(fields), id }],
      schema: s.saved(s.ticket),
    });
  }

  addAction(action: {
    ticket_id: number;
    note: string;
    outcome?: string;
    hiddenfromuser?: boolean;
    new_status?: number;
    timetaken?: number;
  }) {
    return this.http.request({
      method: 'POST',
      path: 'api/Actions',
      body: [{ ...action, note: htmlText(action.note) }],
      schema: s.saved(s.action),
    });
  }

  /** A ticket's actions: Halo's contract pages no actions list (no pageinate here), one answer. */
  async actions(ticketId: number) {
    const res = await this.http.request({
      path: 'api/Actions',
      params: { ticket_id: ticketId, excludesys: true },
      schema: s.list('actions', s.action),
    });
    return res.actions;
  }

  assets(clientId?: number) {
    return this.all('api/Asset', 'assets', s.asset, { client_id: clientId });
  }

  createAsset(asset: {
    inventory_number: string;
    client_id: number;
    assettype_id?: number;
    key_field?: string;
  }) {
    return this.http.request({
      method: 'POST',
      path: 'api/Asset',
      body: [asset],
      schema: s.saved(s.asset),
    });
  }

  clients() {
    return this.all('api/Client', 'clients', s.client);
  }

  /**
   * The tenant's Closed status, found by name: status ids are each tenant's own, and what the
   * integer `type` of a status means is not in Halo's published contract.
   */
  async closedStatus(): Promise<number> {
    const closed = (await this.statuses()).find((st) =>
      [st.name, st.shortname].some((n) => n?.toLowerCase() === 'closed'),
    );
    if (!closed) throw new Error('HaloPSA has no status named "Closed" to close tickets with');
    return closed.id;
  }

  statuses() {
    return this.http.request({ path: 'api/Status', schema: z.array(s.status) });
  }
}

/**
 * HaloPSA shows a ticket's details and an action's note as HTML. Ours are plain text that can
 * carry what a person or device typed (a reason, a device name), so it is escaped into HTML that
 * reads the same: nothing in it becomes markup, a link or a script.
 */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/\r?\n/g, '<br>');
}

function asHtml<T extends { details?: string }>(ticket: T): T {
  return ticket.details === undefined ? ticket : { ...ticket, details: htmlText(ticket.details) };
}
