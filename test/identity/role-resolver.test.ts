import { loadConfig } from '../../src/config/config';
import { identityKey, type IdentityLink } from '../../src/core/identity-link';
import { EntraRoleResolver } from '../../src/identity/role-resolver';
import { SqliteStore } from '../../src/store/sqlite-store';
import { IDS, testEnv, TEST_CONFIG } from '../helpers/harness';

const link = (over: Partial<IdentityLink>): IdentityLink => ({
  tid: 'tenant-msp',
  oid: 'oid-x',
  upn: 'x@msp.example',
  amr: ['pwd'],
  roles: [],
  groups: [],
  signedInAt: '2026-11-27T10:00:00.000Z',
  ...over,
});

describe('roles from Entra without Graph', () => {
  const yaml = `${TEST_CONFIG}appRoles:\n  MSP.Tech: tech\n  Acme.Approver: customer-approver:acme\n`;
  const setup = (signInRequired: boolean) => {
    const config = loadConfig(testEnv({}, yaml));
    const store = new SqliteStore(':memory:');
    return { store, roles: new EntraRoleResolver({ file: config.file, store, signInRequired }) };
  };

  test('app-role claims from the sign-in token map to roles', async () => {
    const { store, roles } = setup(true);
    const actor = { channel: 'slack' as const, userId: 'U0APPROLE', tenantId: 'T0SIMTEAM' };
    await store.set(
      identityKey(actor),
      JSON.stringify(
        link({
          roles: ['MSP.Tech', 'Acme.Approver', 'Unknown.Role'],
          authTime: '2026-11-27T09:40:00.000Z',
        }),
      ),
    );
    const g = await roles.grantsFor(actor);
    expect([g.tech, g.mspAdmin, g.approverOf, g.viewerOf]).toEqual([true, false, ['acme'], []]);
    // Measured from when the person authenticated, not from when the callback was answered.
    expect(g.identity.signIn).toEqual({ at: new Date('2026-11-27T09:40:00.000Z'), mfa: false });
  });

  test('with sign-in required, the slackUsers map no longer counts; without it, it does', async () => {
    const actor = { channel: 'slack' as const, userId: IDS.slackTech };
    expect((await setup(true).roles.grantsFor(actor)).tech).toBe(false);
    expect((await setup(false).roles.grantsFor(actor)).tech).toBe(true);
  });

  test('a Teams sign-in of another account does not lend its MFA to this one', async () => {
    const { store, roles } = setup(true);
    const actor = { channel: 'teams' as const, userId: IDS.tech };
    await store.set(
      identityKey(actor),
      JSON.stringify(link({ oid: 'someone-else', amr: ['pwd', 'mfa'], roles: ['MSP.Tech'] })),
    );
    const g = await roles.grantsFor(actor);
    expect(g.tech).toBe(true); // from the config id list, as the Teams token says who this is
    expect(g.identity.signIn).toBeUndefined();
  });
});
