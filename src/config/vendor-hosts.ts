/**
 * Facts about where vendors' services live, which the settings are checked against. They sit
 * with the config because the config is read first; the clients import them from here.
 */

/** Action1's regional API bases (ACTION1_REGION), as its documentation lists them. */
export const ACTION1_REGIONS = {
  na: 'https://app.action1.com/api/3.0',
  'na-2': 'https://app.na-2.action1.com/api/3.0',
  eu: 'https://app.eu.action1.com/api/3.0',
  au: 'https://app.au.action1.com/api/3.0',
} as const;

/** Entra ID's sign-in hosts (public, US government, China); any other issuer is generic OIDC. */
export const isEntraAuthority = (authority: string): boolean =>
  /(^|\.)login\.microsoftonline\.(com|us)$|(^|\.)login\.chinacloudapi\.cn$/i.test(
    new URL(authority).hostname,
  );
