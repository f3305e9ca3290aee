import { existsSync, readFileSync } from 'node:fs';
import type { Env } from './env-schema';
import { ACTION1_REGIONS, isEntraAuthority } from './vendor-hosts';

export interface SlackSettings {
  botToken: string;
  signingSecret?: string;
  appToken?: string;
  apiUrl?: string;
  /** Hosts a response_url may name besides hooks.slack.com. */
  responseHosts: string[];
}
export interface Action1Settings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
}
export interface HaloSettings {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  tenant?: string;
}
export interface MeshSettings {
  url: string;
  user: string;
  password: string;
  ca?: string;
  /** MESHCENTRAL_RECORDINGS: the server records sessions; records link their recordings. */
  recordsSessions: boolean;
}
export interface EntraSettings {
  authority: string;
  clientId: string;
  clientSecret: string;
  caFile?: string;
  /** Unset for a non-Entra issuer (Keycloak has no Graph): roles then come from ids and app roles. */
  graphBaseUrl?: string;
}

/**
 * The outside systems' settings from the environment: each says what is missing or wrong in
 * `problems` (all are reported together) and is undefined when not set up.
 */
export function outsideSystems(env: Env): { action1?: Action1Settings; halopsa?: HaloSettings } {
  const { ACTION1_CLIENT_ID: id, ACTION1_CLIENT_SECRET: secret } = env;
  const halo = env.HALOPSA_BASE_URL && env.HALOPSA_CLIENT_ID && env.HALOPSA_CLIENT_SECRET;
  return {
    action1:
      id && secret
        ? {
            baseUrl: env.ACTION1_BASE_URL ?? ACTION1_REGIONS[env.ACTION1_REGION],
            clientId: id,
            clientSecret: secret,
          }
        : undefined,
    halopsa: halo
      ? {
          baseUrl: env.HALOPSA_BASE_URL as string,
          clientId: env.HALOPSA_CLIENT_ID as string,
          clientSecret: env.HALOPSA_CLIENT_SECRET as string,
          tenant: env.HALOPSA_TENANT,
        }
      : undefined,
  };
}

export function meshSettings(env: Env, problems: string[]): MeshSettings | undefined {
  const { MESHCENTRAL_URL: url, MESHCENTRAL_USER: user, MESHCENTRAL_PASSWORD: password } = env;
  if (!url) return undefined;
  if (!user || !password) {
    problems.push(
      'MESHCENTRAL_URL is set, so MESHCENTRAL_USER and MESHCENTRAL_PASSWORD are needed too (a MeshCentral account or login token)',
    );
    return undefined;
  }
  const ca = caOf('MESHCENTRAL_CA_CERT', env.MESHCENTRAL_CA_CERT, problems);
  if (ca === null) return undefined;
  return {
    url,
    user,
    password,
    recordsSessions: env.MESHCENTRAL_RECORDINGS,
    ...(ca && { ca }),
  };
}

/** A PEM file named by a setting: its text, undefined when unset, null (and a problem) when absent. */
function caOf(variable: string, file: string | undefined, problems: string[]) {
  if (!file) return undefined;
  if (existsSync(file)) return readFileSync(file, 'utf8');
  problems.push(`${variable}: the file ${file} does not exist`);
  return null;
}

export function entraSettings(env: Env, problems: string[]): EntraSettings | undefined {
  const { ENTRA_CLIENT_ID: clientId, ENTRA_CLIENT_SECRET: clientSecret } = env;
  if (!clientId && !clientSecret) return undefined;
  if (!clientId || !clientSecret) {
    problems.push(
      `${clientId ? 'ENTRA_CLIENT_SECRET' : 'ENTRA_CLIENT_ID'} is missing: Entra sign-in needs both`,
    );
    return undefined;
  }
  const authority =
    env.ENTRA_AUTHORITY ??
    (env.ENTRA_TENANT_ID && `https://login.microsoftonline.com/${env.ENTRA_TENANT_ID}`);
  if (!authority) {
    problems.push(
      'ENTRA_TENANT_ID is missing: set it (or ENTRA_AUTHORITY for another OpenID issuer) for Entra sign-in',
    );
    return undefined;
  }
  if (env.ENTRA_CA_CERT && !existsSync(env.ENTRA_CA_CERT))
    problems.push(`ENTRA_CA_CERT: the file ${env.ENTRA_CA_CERT} does not exist`);
  return {
    authority: authority.replace(/\/$/, ''),
    clientId,
    clientSecret,
    caFile: env.ENTRA_CA_CERT,
    graphBaseUrl: (
      env.GRAPH_BASE_URL ??
      (isEntraAuthority(authority) ? 'https://graph.microsoft.com/v1.0' : undefined)
    )?.replace(/\/$/, ''),
  };
}

export function slackSettings(env: Env, problems: string[]): SlackSettings | undefined {
  if (!env.SLACK_BOT_TOKEN) {
    if (env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN)
      problems.push('SLACK_BOT_TOKEN is missing: Slack is half configured');
    return undefined;
  }
  if (!env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    problems.push(
      'SLACK_SIGNING_SECRET is missing: without it Slack requests cannot be verified (or set SLACK_APP_TOKEN for Socket Mode)',
    );
  }
  return {
    botToken: env.SLACK_BOT_TOKEN,
    signingSecret: env.SLACK_SIGNING_SECRET,
    appToken: env.SLACK_APP_TOKEN,
    apiUrl: env.SLACK_API_URL,
    responseHosts: env.SLACK_RESPONSE_HOSTS,
  };
}

export interface WazuhSettings {
  api: { url: string; user: string; password: string };
  ca?: string;
  /** The integrator's secret: POST /wazuh/alerts exists only with one. */
  sharedSecret?: string;
  indexer?: { url: string; user: string; password: string };
  dashboardUrl?: string;
}

/** Wazuh from the environment: the server API is needed to place alerts with customers. */
export function wazuhSettings(env: Env, problems: string[]): WazuhSettings | undefined {
  const { WAZUH_API_URL: url, WAZUH_API_USER: user, WAZUH_API_PASSWORD: password } = env;
  const intake = env.WAZUH_SHARED_SECRET ?? env.WAZUH_INDEXER_URL;
  if (!url) {
    if (intake)
      problems.push(
        'WAZUH_API_URL is missing: Wazuh alerts are placed with customers by their agent groups, read from the Wazuh server API (set WAZUH_API_URL, WAZUH_API_USER and WAZUH_API_PASSWORD)',
      );
    return undefined;
  }
  if (!user || !password) {
    problems.push('WAZUH_API_URL is set, so WAZUH_API_USER and WAZUH_API_PASSWORD are needed too');
    return undefined;
  }
  const { WAZUH_INDEXER_URL: indexerUrl, WAZUH_INDEXER_USER: iUser } = env;
  const iPassword = env.WAZUH_INDEXER_PASSWORD;
  if (indexerUrl && (!iUser || !iPassword)) {
    problems.push(
      'WAZUH_INDEXER_URL is set, so WAZUH_INDEXER_USER and WAZUH_INDEXER_PASSWORD are needed too',
    );
    return undefined;
  }
  const ca = caOf('WAZUH_CA_CERT', env.WAZUH_CA_CERT, problems);
  if (ca === null) return undefined;
  return {
    api: { url, user, password },
    ...(ca && { ca }),
    sharedSecret: env.WAZUH_SHARED_SECRET,
    indexer:
      indexerUrl && iUser && iPassword
        ? { url: indexerUrl, user: iUser, password: iPassword }
        : undefined,
    dashboardUrl: env.WAZUH_DASHBOARD_URL,
  };
}

export interface DeviceSourceSettings {
  intune?: { loginUrl: string; graphUrl: string; clientId: string; clientSecret: string };
  fleetdm?: { url: string; apiToken: string };
}

/** Intune and FleetDM from the environment; half a setup is named. */
export function deviceSourceSettings(env: Env, problems: string[]): DeviceSourceSettings {
  const { INTUNE_CLIENT_ID: clientId, INTUNE_CLIENT_SECRET: clientSecret } = env;
  if (!!clientId !== !!clientSecret)
    problems.push(
      `${clientId ? 'INTUNE_CLIENT_SECRET' : 'INTUNE_CLIENT_ID'} is missing: Intune needs both`,
    );
  if (!!env.FLEETDM_URL !== !!env.FLEETDM_API_TOKEN)
    problems.push(
      `${env.FLEETDM_URL ? 'FLEETDM_API_TOKEN' : 'FLEETDM_URL'} is missing: FleetDM needs both`,
    );
  return {
    intune:
      clientId && clientSecret
        ? {
            loginUrl: env.INTUNE_LOGIN_URL.replace(/\/$/, ''),
            graphUrl: env.INTUNE_GRAPH_URL.replace(/\/$/, ''),
            clientId,
            clientSecret,
          }
        : undefined,
    fleetdm:
      env.FLEETDM_URL && env.FLEETDM_API_TOKEN
        ? { url: env.FLEETDM_URL, apiToken: env.FLEETDM_API_TOKEN }
        : undefined,
  };
}
