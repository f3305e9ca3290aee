import { startEntraSim, type EntraSimOptions } from './entra-sim';

/**
 * Runs the Entra simulator in its own process (oidc-provider is ESM-only and jest's module
 * system can't load it). Options come as JSON in argv; the issuer and CA file go to stdout.
 */
const options = JSON.parse(process.argv[2] ?? '{}') as EntraSimOptions;
startEntraSim(options).then(
  ({ issuer, caFile }) => process.stdout.write(`${JSON.stringify({ issuer, caFile })}\n`),
  (err: unknown) => {
    process.stderr.write(`entra sim failed: ${String(err)}\n`);
    process.exit(1);
  },
);
