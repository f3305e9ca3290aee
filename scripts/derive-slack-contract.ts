/**
 * Part of `npm run contracts`: from Slack's Web API document (slack-web-openapi-v2.json, in
 * ../shared/reference/specs/), the facts of the methods the bot calls and the simulator
 * answers: their parameters (required or not), the scopes that allow them, and the error codes
 * each can answer. Descriptions and examples are left behind. The result is committed as
 * contracts/slack.json; the Slack simulator answers only within it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SPECS = join(__dirname, '..', '..', 'shared', 'reference', 'specs');
const OUT = join(__dirname, '..', 'contracts', 'slack.json');

/** The methods the bot calls (src/bots) and the simulator answers (sim/slack-api.ts). */
const METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.update',
  'conversations.history',
  'conversations.open',
  'users.info',
  'views.open',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
];

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  parameters?: Parameter[];
  security?: { slackAuth?: string[] }[];
  responses?: { default?: { schema?: { properties?: { error?: { enum?: string[] } } } } };
}

const spec = JSON.parse(readFileSync(join(SPECS, 'slack-web-openapi-v2.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
};
const methods: Record<string, unknown> = {};
for (const name of METHODS) {
  const item = spec.paths[`/${name}`];
  const [verb, op] = Object.entries(item ?? {})[0] ?? [];
  if (!verb || !op) {
    // Newer than the document (the external upload flow): said so, not made up.
    methods[name] = { documented: false };
    continue;
  }
  const params = (op.parameters ?? []).filter((p) => p.name !== 'token');
  methods[name] = {
    documented: true,
    httpMethod: verb.toUpperCase(),
    parameters: params.map((p) => p.name).sort(),
    required: params
      .filter((p) => p.required)
      .map((p) => p.name)
      .sort(),
    scopes: op.security?.flatMap((s) => s.slackAuth ?? []) ?? [],
    errors: [...(op.responses?.default?.schema?.properties?.error?.enum ?? [])].sort(),
  };
}
writeFileSync(
  OUT,
  `${JSON.stringify(
    {
      source:
        "Slack's Web API description (OpenAPI 2.0), slack-web-openapi-v2.json without examples, as published in slackapi/slack-api-specs web-api/ (MIT)",
      derivedBy: 'scripts/derive-slack-contract.ts (npm run contracts)',
      methods,
    },
    null,
    1,
  )}\n`,
);
process.stdout.write(`slack: ${METHODS.length} methods -> contracts/slack.json\n`);
