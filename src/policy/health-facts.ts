import { HEALTH_ATTRIBUTES } from '../core/health-attributes';

/**
 * The script: each fact on one line, so one failing cmdlet leaves the others standing.
 * Values: antivirus "on, signatures N d" | "off" | "none"; firewall "on" | "off" (any profile
 * off is off); disk "healthy" | "warning" | "unhealthy"; admins the members' names.
 */
export const HEALTH_FACTS_SCRIPT = [
  `$av = try { $s = Get-MpComputerStatus; if ($s.AntivirusEnabled) { "on, signatures $([int]$s.AntivirusSignatureAge) d" } else { 'off' } } catch { 'none' }`,
  `Action1-Set-CustomAttribute '${HEALTH_ATTRIBUTES.antivirus}' $av`,
  `$fw = if (Get-NetFirewallProfile | Where-Object { -not $_.Enabled }) { 'off' } else { 'on' }`,
  `Action1-Set-CustomAttribute '${HEALTH_ATTRIBUTES.firewall}' $fw`,
  `$disk = (Get-PhysicalDisk | ForEach-Object { $_.HealthStatus.ToString().ToLower() } | Sort-Object -Unique) -join ','`,
  `Action1-Set-CustomAttribute '${HEALTH_ATTRIBUTES.disk}' $disk`,
  `$admins = (Get-LocalGroupMember -SID S-1-5-32-544 | ForEach-Object { $_.Name }) -join ', '`,
  `Action1-Set-CustomAttribute '${HEALTH_ATTRIBUTES.admins}' $admins`,
].join('\n');
