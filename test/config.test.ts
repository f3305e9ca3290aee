import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '../src/config/config';
import { ENV_NAMES } from '../src/config/config-schema';
import { tempDir, testEnv, TEST_CONFIG } from './helpers/harness';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  test('a valid environment and file load, frozen, with runbook defaults', () => {
    const config = loadConfig(testEnv());
    expect(config.mode).toBe('live');
    expect(config.env.PORT).toBe(3978);
    expect(config.publicUrl).toBe('http://localhost:3978');
    expect(config.file.customers.map((c) => c.id)).toEqual(['acme', 'globex', 'initech']);
    expect(config.file.policy.criticalPatchWithinHours).toBe(24);
    expect(config.file.policy.offlineRetryHours).toBe(72);
    expect(Object.isFrozen(config.file.customers[0])).toBe(true);
  });

  test('no credentials at all means demo mode on the example config', () => {
    const config = loadConfig({ NODE_ENV: 'test' });
    expect(config.mode).toBe('demo');
    expect(config.configPath).toMatch(/msp\.config\.example\.yaml$/);
    // Demo mode serves Teams unauthenticated, to this machine only.
    expect(config.teams.door).toBe('loopback');
  });

  test('the Teams door: authenticated with an app id, else closed unless demo or the explicit opt-in; never NODE_ENV', () => {
    const live = { NODE_ENV: 'development', TEAMS_UNAUTHENTICATED_LOCAL: '' };
    expect(loadConfig(testEnv(live)).teams.door).toBe('closed');
    expect(loadConfig(testEnv({ ...live, NODE_ENV: 'test' })).teams.door).toBe('closed');
    expect(loadConfig(testEnv({ ...live, TEAMS_UNAUTHENTICATED_LOCAL: '1' })).teams.door).toBe(
      'loopback',
    );
    expect(
      loadConfig(
        testEnv({ ...live, NODE_ENV: 'production', TEAMS_APP_ID: 'a', TEAMS_APP_PASSWORD: 'p' }),
      ).teams.door,
    ).toBe('authenticated');
  });

  test('live mode without AUDIT_KEY refuses to start, naming it; a short key is refused too', () => {
    expect(problemsOf(testEnv({ AUDIT_KEY: '' }))).toEqual([
      expect.stringContaining('AUDIT_KEY is missing'),
    ]);
    expect(problemsOf(testEnv({ AUDIT_KEY: 'short' }))).toEqual([
      expect.stringContaining('AUDIT_KEY'),
    ]);
  });

  test('chat credentials without Action1 credentials refuse to start, naming the variable', () => {
    const env = {
      ...testEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }),
      ACTION1_CLIENT_ID: undefined,
      ACTION1_CLIENT_SECRET: undefined,
    };
    const problems = problemsOf(env);
    expect(problems.join('\n')).toContain('ACTION1_CLIENT_ID is missing');
    expect(problems.join('\n')).toContain('ACTION1_CLIENT_SECRET is missing');
  });

  test('bad environment values name the variable', () => {
    expect(problemsOf(testEnv({ PORT: 'eighty' }))).toEqual([
      expect.stringContaining('environment variable PORT'),
    ]);
    expect(
      problemsOf(testEnv({ SLACK_BOT_TOKEN: 'xoxp-user-token', SLACK_SIGNING_SECRET: 's' })),
    ).toEqual([expect.stringMatching(/SLACK_BOT_TOKEN: must be a bot token/)]);
    expect(problemsOf(testEnv({ SLACK_BOT_TOKEN: 'xoxb-1' }))).toEqual([
      expect.stringContaining('SLACK_SIGNING_SECRET is missing'),
    ]);
  });

  test('a misspelt setting is pointed out with the right name', () => {
    const config = loadConfig(testEnv({ SLACK_SIGNING_SECRT: 'x' }));
    expect(config.warnings).toContain(
      'environment variable SLACK_SIGNING_SECRT is not a setting of this bot (did you mean SLACK_SIGNING_SECRET?)',
    );
  });

  test('Entra sign-in: Entra gets Graph; another OpenID issuer (Keycloak) does not; half a setup is refused', () => {
    const entra = loadConfig(
      testEnv({ ENTRA_CLIENT_ID: 'app', ENTRA_CLIENT_SECRET: 's', ENTRA_TENANT_ID: 'tenant-msp' }),
    ).entra;
    expect(entra).toEqual(
      expect.objectContaining({
        authority: 'https://login.microsoftonline.com/tenant-msp',
        graphBaseUrl: 'https://graph.microsoft.com/v1.0',
      }),
    );
    const keycloak = loadConfig(
      testEnv({
        ENTRA_CLIENT_ID: 'app',
        ENTRA_CLIENT_SECRET: 's',
        ENTRA_AUTHORITY: 'https://sso.msp.example/realms/msp/',
      }),
    ).entra;
    expect(keycloak).toEqual(
      expect.objectContaining({
        authority: 'https://sso.msp.example/realms/msp',
        graphBaseUrl: undefined,
      }),
    );
    expect(problemsOf(testEnv({ ENTRA_CLIENT_ID: 'app' }))).toEqual([
      'ENTRA_CLIENT_SECRET is missing: Entra sign-in needs both',
    ]);
    expect(
      problemsOf(
        testEnv({
          ENTRA_CLIENT_ID: 'app',
          ENTRA_CLIENT_SECRET: 's',
          ENTRA_TENANT_ID: '',
          ENTRA_CA_CERT: '/no/such.pem',
          ENTRA_AUTHORITY: 'https://x.example',
        }),
      ),
    ).toEqual(['ENTRA_CA_CERT: the file /no/such.pem does not exist']);
  });

  test('an empty VAR= line counts as unset', () => {
    expect(loadConfig(testEnv({ PUBLIC_URL: '', REDIS_URL: '' })).env.REDIS_URL).toBeUndefined();
  });

  function fileProblems(yaml: string): string[] {
    const dir = tempDir();
    const path = join(dir, 'msp.config.yaml');
    writeFileSync(path, yaml);
    return problemsOf({ ...testEnv(), MSP_CONFIG: path }).map((p) => p.replace(path, 'FILE'));
  }

  test('YAML errors name the key and the line', () => {
    const yaml = TEST_CONFIG.replace(
      '    timezone: Europe/Berlin',
      '    timezone: Europe/Berln',
    ).replace("    approvers: ['", "    aprovers: ['");
    const problems = fileProblems(yaml);
    const lines = yaml.split('\n');
    const tzLine = lines.findIndex((l) => l.includes('Europe/Berln')) + 1;
    const keyLine = lines.findIndex((l) => l.includes('aprovers')) + 1;
    expect(problems).toEqual(
      expect.arrayContaining([
        `FILE:${tzLine}: customers[0].timezone: is not a known IANA time zone (e.g. "Europe/Berlin")`,
        `FILE:${keyLine}: unknown key "aprovers" in customers[0] (did you mean "approvers"?)`,
      ]),
    );
  });

  test('a support contact nobody can reach, or a phone that is not one, is named', () => {
    const yaml = TEST_CONFIG.replace(
      '    halopsa: { clientId: 12 }\n',
      "    halopsa: { clientId: 12 }\n    support:\n      contacts: [{ name: Desk }]\n      escalation: [{ name: Sam, when: always, phone: 'call me' }]\n",
    );
    const problems = fileProblems(yaml).join('\n');
    expect(problems).toContain(
      'customers[0].support.contacts[0]: needs an e-mail or a phone number',
    );
    expect(problems).toContain(
      'customers[0].support.escalation[0].phone: must be a phone number like "+49 30 1234567"',
    );
  });

  test('session records are kept at least 90 days unless shortening is said out loud', () => {
    const shorter = `${TEST_CONFIG}remoteAccess: { keepRecordsDays: 30 }\n`;
    expect(fileProblems(shorter).join('\n')).toContain(
      'remoteAccess.keepRecordsDays: keepRecordsDays under 90 (the runbook keeps session records 90 days) needs keepRecordsUnder90: true',
    );
    const path = join(tempDir(), 'msp.config.yaml');
    writeFileSync(
      path,
      `${TEST_CONFIG}remoteAccess: { keepRecordsDays: 30, keepRecordsUnder90: true }\n`,
    );
    expect(loadConfig({ ...testEnv(), MSP_CONFIG: path }).file.remoteAccess.keepRecordsDays).toBe(
      30,
    );
  });

  test('missing required keys, duplicate customers and YAML syntax errors are all reported', () => {
    expect(fileProblems('roles: {}\n')).toEqual(['FILE:1: msp: is required but missing']);
    const dup = TEST_CONFIG.replace('  - id: globex', '  - id: acme');
    expect(fileProblems(dup)).toEqual([expect.stringContaining('"acme" is used by two customers')]);
    expect(fileProblems('msp: { name: "unclosed\n')[0]).toMatch(/^FILE:\d+: /);
  });

  test('Wazuh and MeshCentral half set up are named; a Wazuh group belongs to one customer', () => {
    expect(problemsOf(testEnv({ WAZUH_SHARED_SECRET: 'a'.repeat(32) }))).toEqual([
      expect.stringContaining('WAZUH_API_URL is missing: Wazuh alerts are placed with customers'),
    ]);
    expect(problemsOf(testEnv({ WAZUH_SHARED_SECRET: 'short' }))).toEqual([
      expect.stringContaining('WAZUH_SHARED_SECRET: must be at least 24 characters'),
    ]);
    const api = { WAZUH_API_URL: 'https://wazuh.example:55000', WAZUH_API_USER: 'bot' };
    expect(problemsOf(testEnv(api))).toEqual([
      'WAZUH_API_URL is set, so WAZUH_API_USER and WAZUH_API_PASSWORD are needed too',
    ]);
    const indexer = {
      ...api,
      WAZUH_API_PASSWORD: 'p',
      WAZUH_INDEXER_URL: 'https://idx.example:9200',
    };
    expect(problemsOf(testEnv(indexer))).toEqual([
      'WAZUH_INDEXER_URL is set, so WAZUH_INDEXER_USER and WAZUH_INDEXER_PASSWORD are needed too',
    ]);
    // Problems found while reading MeshCentral's settings are reported like any other.
    expect(problemsOf(testEnv({ MESHCENTRAL_URL: 'https://mesh.example' }))).toEqual([
      expect.stringContaining('MESHCENTRAL_USER and MESHCENTRAL_PASSWORD are needed too'),
    ]);
    const shared = TEST_CONFIG.replace(
      '    action1: { orgId: acme-org }\n',
      '    action1: { orgId: acme-org }\n    wazuh: { groups: [front-office] }\n',
    ).replace(
      '    action1: { orgId: globex-org }\n',
      '    action1: { orgId: globex-org }\n    wazuh: { groups: [front-office], minLevel: 20 }\n',
    );
    const problems = fileProblems(shared).join('\n');
    expect(problems).toContain(
      'customers[1].wazuh.groups[0]: the Wazuh group "front-office" is already acme\'s',
    );
    expect(problems).toContain('customers[1].wazuh.minLevel');
  });

  test('backups half set up are named; none set means no backups', () => {
    expect(problemsOf(testEnv({ BACKUP_PASSWORD: 'p'.repeat(20) }))).toEqual([
      expect.stringContaining('BACKUP_REPOSITORY is missing'),
    ]);
    const s3 = { BACKUP_REPOSITORY: 's3:https://minio.example:9000/msp' };
    expect(problemsOf(testEnv(s3))).toEqual([
      expect.stringContaining('BACKUP_PASSWORD is missing: restic encrypts the backups with it'),
      'BACKUP_REPOSITORY is S3 storage, so BACKUP_S3_ACCESS_KEY and BACKUP_S3_SECRET_KEY are needed',
    ]);
    expect(
      problemsOf(testEnv({ ...s3, BACKUP_PASSWORD: 'p'.repeat(20), BACKUP_S3_ACCESS_KEY: 'key' })),
    ).toEqual(['BACKUP_S3_SECRET_KEY is missing: S3 storage needs both keys']);
    expect(problemsOf(testEnv({ ...s3, BACKUP_PASSWORD: 'short' }))).toEqual([
      expect.stringContaining('BACKUP_PASSWORD: must be at least 16 characters'),
    ]);
    expect(loadConfig(testEnv()).backups).toBeUndefined();
    expect(
      fileProblems(`${TEST_CONFIG}backups: { time: '25:00', keep: { daily: 0 } }\n`).join('\n'),
    ).toMatch(/backups\.time[\s\S]*backups\.keep\.daily/);
  });

  test('a missing config file is a clear error outside demo mode', () => {
    expect(problemsOf({ ...testEnv(), MSP_CONFIG: '/nonexistent/msp.yaml' })).toEqual([
      expect.stringContaining('MSP_CONFIG: the file /nonexistent/msp.yaml does not exist'),
    ]);
  });

  test('the example config and .env.example stay in step with the schema', () => {
    const example = readFileSync(join(__dirname, '..', '.env.example'), 'utf8');
    const names = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(new Set(names)).toEqual(new Set(ENV_NAMES));
    expect(() => loadConfig({ NODE_ENV: 'test', DEMO: '1' })).not.toThrow();
  });
});
