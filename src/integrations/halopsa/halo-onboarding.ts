import type { Customer } from '../../config/customer';
import type { OnboardingTools } from '../../onboarding/onboarding-tools';
import type { HaloPsaClient } from './halopsa-client';

/**
 * Onboarding's record in HaloPSA: the device as an asset (found by hostname, else created) and a
 * ticket listing the steps, closed with the tenant's Closed status. Nothing without HaloPSA.
 */
export function haloOnboardingTools(
  halo: HaloPsaClient | undefined,
  customers: readonly Pick<Customer, 'id' | 'haloClientId'>[],
): Pick<OnboardingTools, 'recordInPsa'> {
  if (!halo) return {};
  return {
    async recordInPsa(ob) {
      const clientId = customers.find((c) => c.id === ob.customer)?.haloClientId;
      if (clientId === undefined) throw new Error('HaloPSA is not set up for this customer');
      const known = (await halo.assets(clientId)).find(
        (a) => a.inventory_number === ob.sheet.hostname,
      );
      const assetId =
        known?.id ??
        (await halo.createAsset({ inventory_number: ob.sheet.hostname, client_id: clientId })).id;
      const summary = ob.steps
        .map((s, i) => `${i + 1}. ${s.name}: ${s.result ?? s.state}`)
        .join('\n');
      const ticketId =
        ob.haloTicketId ??
        (
          await halo.createTicket({
            summary: `Onboarded ${ob.sheet.hostname} (${ob.sheet.os}, ${ob.sheet.user}, ${ob.sheet.location})`,
            details: summary,
            client_id: clientId,
          })
        ).id;
      await halo.updateTicket(ticketId, { status_id: await halo.closedStatus() });
      return { assetId, ticketId };
    },
  };
}
