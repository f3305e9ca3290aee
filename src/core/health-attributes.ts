/**
 * Health facts Action1 cannot report by itself (antivirus, firewall, disk health, local
 * administrators), gathered on each Windows device by the policy's daily script and kept as
 * Action1 endpoint custom attributes, which Action1's endpoint listing returns (`custom`). The
 * attribute names and value words are ours: the script writes them, the baseline reads them.
 */
export const HEALTH_ATTRIBUTES = {
  antivirus: 'MSP Antivirus',
  firewall: 'MSP Firewall',
  disk: 'MSP Disk Health',
  admins: 'MSP Local Admins',
} as const;
