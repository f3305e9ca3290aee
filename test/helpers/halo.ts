import { HaloPsaSim } from '../../sim/halopsa/halopsa-sim';

/** A HaloPSA simulator with the credentials `haloEnv` gives the bot. */
export const testHalo = () =>
  new HaloPsaSim({ tenant: 'msp', clientId: 'halo', clientSecret: 'halo-secret' });

/** The bot's HaloPSA settings for that simulator (started). */
export const haloEnv = (halo: HaloPsaSim) => ({
  HALOPSA_BASE_URL: halo.url,
  HALOPSA_CLIENT_ID: 'halo',
  HALOPSA_CLIENT_SECRET: 'halo-secret',
  HALOPSA_TENANT: 'msp',
});
