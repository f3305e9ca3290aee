import type { Customer } from '../../config/customer';
import type { MeshDevices } from '../../reports/report-baseline';
import { meshDevicesIn, type MeshCentralClient } from './meshcentral-client';

/**
 * For the baseline report: which of a customer's devices MeshCentral has, in the customer's own
 * device groups. Undefined without MeshCentral, so the report says it is not set up.
 */
export function meshEnrolled(
  mesh: MeshCentralClient | undefined,
  customers: readonly Pick<Customer, 'id' | 'meshGroups'>[],
): ((customerId: string) => Promise<MeshDevices>) | undefined {
  if (!mesh) return undefined;
  return (customerId) =>
    meshDevicesIn(mesh, customers.find((c) => c.id === customerId)?.meshGroups);
}
