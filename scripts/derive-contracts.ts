/**
 * `npm run contracts`: derives, from the vendors' own API documents in
 * ../shared/reference/specs/, the facts our clients and simulators are checked against (paths,
 * methods, parameters, request and response schemas), with descriptions, examples and other
 * prose stripped, into contracts/*.json. The result is committed: tests need neither the vendor
 * files nor a network. Run it again when a vendor publishes a new version.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';

type Json = Record<string, unknown>;

const SPECS = join(__dirname, '..', '..', 'shared', 'reference', 'specs');
const OUT = join(__dirname, '..', 'contracts');

interface Vendor {
  name: string;
  /** The vendor's document, or undefined when it is not on this machine (the contract stays). */
  load: () => Json | undefined;
  source: string;
  /** Which paths to keep (all of Action1's; only the parts of HaloPSA's 808 that we call). */
  keep: (path: string) => boolean;
  /**
   * Schema.property -> the rule a vendor states only in words, or states in words against its
   * own schema: written down as JSON Schema, each with the vendor's words it comes from.
   */
  grammars?: Record<string, Json>;
  /** Whole schemas the vendor writes in a way that cannot be meant literally, as it means them. */
  schemas?: Record<string, Json>;
}

const DAY = '(Sun|Mon|Tue|Wed|Thu|Fri|Sat)';
const CLOCK = '\\d{2}[-:]\\d{2}[-:]\\d{2}';
/**
 * Action1 describes a schedule's `settings` only in words (ONCE, EVERY:m, WEEKLY:days,
 * MONTHLY:d, MONTHLYWEEK:n:day, AT:HH-MM-SS, DATE:YYYY-MM-DD, each after ENABLED or
 * DISABLED); this is that grammar as a pattern, so a string Action1 would not read fails the
 * contract. Its own examples write AT with dashes and once with colons: both are accepted.
 */
const SCHEDULE_SETTINGS =
  `^(ENABLED|DISABLED)` +
  `( (ONCE|EVERY:[1-9]\\d*|WEEKLY:${DAY}(,${DAY})*|MONTHLY:([1-9]|[12]\\d|3[01])|MONTHLYWEEK:[1-5]:${DAY}))?` +
  `( AT:${CLOCK})?( DATE:\\d{4}-\\d{2}-\\d{2})?$`;

const VENDORS: Vendor[] = [
  {
    name: 'action1',
    load: () => specFile('action1-openapi-3.1.0.json'),
    source:
      "Action1's published API description (OpenAPI 3.1.0, API 3.1.0), as copied in fbarker92/Action1-Tools _api/docs/action1_openapi.json",
    keep: () => true,
    grammars: {
      'AutomationSchedulePayload.settings': { type: 'string', pattern: SCHEDULE_SETTINGS },
      // Typed `format: uri`, yet described as empty on the last page and shown as
      // "/API/{self_path}?limit=60&from=10": a URI reference, as the vendor means it.
      'ResultPage.next_page': { type: 'string', format: 'uri-reference' },
      'ResultPage.prev_page': { type: 'string', format: 'uri-reference' },
      // Likewise every object's self link, shown as "/API/automations/schedules/{org-id}/…", and
      // a report row's drilldown, "/API/reportdata/{org-id}/{report-id}/data/{row-id}/drilldown".
      'Base.self': { type: 'string', format: 'uri-reference' },
      'ReportDataSummary.drilldown': { type: 'string', format: 'uri-reference' },
      // A missing update's type is the constant App here, and MissingUpdateWindows and
      // MissingUpdateMac build on this schema with their own constants: the three are meant.
      'MissingUpdateSoftwareRepositoryPackage.update_type': {
        type: 'string',
        enum: ['App', 'Windows', 'Mac'],
      },
      // An endpoint's custom attributes are "exactly one of" five copies of the same schema,
      // which nothing can be: that schema is meant.
      'Endpoint.custom': {
        type: 'array',
        items: { $ref: '#/components/schemas/EndpointCustomAttribute' },
      },
      // "Exactly one of" a Windows and a Mac version, neither of which requires anything that
      // tells them apart, so every version would be both: either is meant.
      'SoftwareRepositoryPackage.versions': {
        type: 'array',
        items: {
          anyOf: [
            { $ref: '#/components/schemas/WindowsVersion' },
            { $ref: '#/components/schemas/MacVersion' },
          ],
        },
      },
    },
    // Its OS is "all of" the Windows names and the macOS names, which no string can be: one of
    // them is meant. It lists no Linux names though it serves Linux endpoints (LinuxDEB, platform
    // Linux): any other name is let through, Windows and macOS names must be its own.
    schemas: {
      OS: {
        anyOf: [
          { $ref: '#/components/schemas/OSWindows' },
          { $ref: '#/components/schemas/OSMac' },
          { type: 'string', pattern: '^(?!Windows|macOS)' },
        ],
      },
    },
  },
  {
    name: 'halopsa',
    load: () => specFile('halopsa-swagger.json'),
    source:
      "HaloPSA's swagger (OpenAPI 3.0.1, API v2), as generated into covenanttechnologysolutions/halopsa-rest generator/spec/swagger.json (MIT)",
    keep: (p) => /^\/(Tickets|Actions|Asset|Client|Status)(\/\{id\})?$/.test(p),
  },
  {
    name: 'wazuh',
    // Not among the shared specs: give its path, e.g. from a checkout of wazuh/wazuh at 4.14.9,
    // `git show 4.14.9:api/api/spec/spec.yaml > spec.yaml; WAZUH_SPEC=spec.yaml npm run contracts`.
    load: () => {
      const file = process.env.WAZUH_SPEC;
      return file ? (parseYaml(readFileSync(file, 'utf8')) as Json) : undefined;
    },
    source:
      "Wazuh's server API description (OpenAPI 3.0.0, Wazuh 4.14.9), wazuh/wazuh api/api/spec/spec.yaml at branch 4.14.9 (commit 622a6a71505c919b82c9724ea531208f793f1c34)",
    // What the bot calls: the token, the agents (groups, keep-alive) and the SCA results.
    keep: (p) =>
      [
        '/security/user/authenticate',
        '/agents',
        '/sca/{agent_id}',
        '/sca/{agent_id}/checks/{policy_id}',
      ].includes(p),
  },
];

const specFile = (file: string) => JSON.parse(readFileSync(join(SPECS, file), 'utf8')) as Json;

const PROSE = new Set(['description', 'summary', 'example', 'examples', 'externalDocs', 'title']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

const CSHARP: Record<string, Json> = {
  bool: { type: 'boolean' },
  int: { type: 'integer' },
  double: { type: 'number' },
  'List<int>': { type: 'array', items: { type: 'integer' } },
};

/** Maps whose keys are names (a property called "description" is a fact, not prose). */
const NAMED = new Set(['properties', 'patternProperties', '$defs', 'definitions']);

/** A copy without prose and vendor extensions. */
function facts(value: unknown, named = false): unknown {
  if (Array.isArray(value)) return value.map((v) => facts(v));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [k, v] of Object.entries(value)) {
    if (!named && (PROSE.has(k) || k.startsWith('x-'))) continue;
    // Action1's Reboot schema gives one property as a list of schemas, which JSON Schema does
    // not allow; read as the vendor means it: all of them.
    out[k] = named && Array.isArray(v) ? { allOf: facts(v) } : facts(v, !named && NAMED.has(k));
  }
  // `type: any` (one place in Action1's) is no JSON Schema type: it means no constraint.
  if (!named && out.type === 'any') delete out.type;
  // HaloPSA's query parameters use C# type names.
  if (!named && typeof out.type === 'string' && out.type in CSHARP)
    Object.assign(out, CSHARP[out.type]);
  return out;
}

function derive(vendor: Vendor, spec: Json): Json {
  const components = (spec.components ?? {}) as Record<string, Json>;
  const resolve = (v: unknown): Json => {
    const ref = (v as { $ref?: string } | undefined)?.$ref;
    if (!ref?.startsWith('#/components/') || ref.startsWith('#/components/schemas/'))
      return v as Json;
    const [, , kind, name] = ref.split('/');
    return resolve(components[kind ?? '']?.[name ?? '']);
  };
  const json = (content: unknown) =>
    (content as Record<string, { schema?: unknown }> | undefined)?.['application/json']?.schema;

  const paths: Json = {};
  for (const [path, item] of Object.entries(spec.paths as Record<string, Json>)) {
    if (!vendor.keep(path)) continue;
    const shared = ((item.parameters as unknown[]) ?? []).map(resolve);
    const ops: Json = {};
    for (const method of METHODS) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const parameters = [...shared, ...((op.parameters as unknown[]) ?? []).map(resolve)].map(
        (p) => ({ name: p.name, in: p.in, required: !!p.required, schema: facts(p.schema) }),
      );
      const body = op.requestBody ? resolve(op.requestBody) : undefined;
      const responses: Json = {};
      for (const [status, r] of Object.entries((op.responses ?? {}) as Json)) {
        const schema = json(resolve(r).content);
        responses[status] = schema === undefined ? null : facts(schema);
      }
      ops[method] = {
        parameters,
        ...(body && {
          requestBody: { required: !!body.required, schema: facts(json(body.content)) ?? null },
        }),
        responses,
      };
    }
    paths[path] = ops;
  }
  // Only the schemas the kept operations reach, directly or through other schemas.
  const all = (components.schemas ?? {}) as Json;
  const schemas: Json = {};
  const reach = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(reach);
    if (!v || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string' && x.startsWith('#/components/schemas/')) {
        const name = x.slice('#/components/schemas/'.length);
        if (!(name in schemas) && name in all) {
          schemas[name] = facts(all[name]);
          reach(schemas[name]);
        }
      } else reach(x);
    }
  };
  reach(paths);
  for (const [name, meant] of Object.entries(vendor.schemas ?? {})) {
    if (!(name in schemas)) throw new Error(`${vendor.name}: no schema ${name} to read`);
    schemas[name] = meant;
  }
  for (const [at, rule] of Object.entries(vendor.grammars ?? {})) {
    const [schema = '', property = ''] = at.split('.');
    const props = (schemas[schema] as { properties?: Json } | undefined)?.properties;
    if (!props?.[property]) throw new Error(`${vendor.name}: no ${at} to hold a grammar`);
    props[property] = rule;
  }
  return {
    source: vendor.source,
    derivedBy: 'scripts/derive-contracts.ts (npm run contracts)',
    openapi: spec.openapi,
    servers: facts(spec.servers),
    paths,
    components: { schemas },
  };
}

for (const vendor of VENDORS) {
  const spec = vendor.load();
  if (!spec) {
    process.stdout.write(
      `${vendor.name}: its document is not here; contracts/${vendor.name}.json left as it is\n`,
    );
    continue;
  }
  const contract = derive(vendor, spec);
  writeFileSync(join(OUT, `${vendor.name}.json`), `${JSON.stringify(contract, null, 1)}\n`);
  const ops = Object.values(contract.paths as Json).reduce<number>(
    (n, o) => n + Object.keys(o as Json).length,
    0,
  );
  process.stdout.write(`${vendor.name}: ${ops} operations -> contracts/${vendor.name}.json\n`);
}
