/**
 * Part of `npm run contracts` (with GRAPH_CSDL): Microsoft Graph's v1.0 metadata (CSDL, the
 * OData document Graph publishes in microsoftgraph/msgraph-metadata, schemas/v1.0-Prod.csdl)
 * gives the managedDevice entity: its properties, their types, which may be null, and the
 * members of its enumerations. Written as contracts/graph.json in the shape the other contracts
 * have (paths, components), so the same checker holds the Intune simulator and our client to it.
 * What CSDL leaves to the OData standard (the collection envelope `value` / `@odata.nextLink`,
 * the system query options, the JSON error object) is written down here, each said where.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';

type Json = Record<string, unknown>;
interface Property {
  Name: string;
  Type: string;
  Nullable?: string;
}
interface Typed {
  Name: string;
  BaseType?: string;
  Property?: Property[];
  Member?: { Name: string }[];
}

const OUT = join(__dirname, '..', 'contracts', 'graph.json');
const SOURCE =
  'Microsoft Graph v1.0 metadata (CSDL), microsoftgraph/msgraph-metadata schemas/v1.0-Prod.csdl at commit f54f11b60956ea7b185ca0447b2b80805836ec7b (2026-08-20)';

/** The entities the bot reads. */
const ENTITIES = ['managedDevice'];

const EDM: Record<string, Json> = {
  'Edm.String': { type: 'string' },
  'Edm.Boolean': { type: 'boolean' },
  'Edm.Int32': { type: 'integer' },
  // Graph writes Int64 as a JSON number (OData's IEEE754Compatible=false, its default).
  'Edm.Int64': { type: 'integer' },
  'Edm.Double': { type: 'number' },
  'Edm.DateTimeOffset': { type: 'string', format: 'date-time' },
  'Edm.Guid': { type: 'string', format: 'uuid' },
  'Edm.Binary': { type: 'string' },
};

function derive(csdl: string): Json {
  const xml = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) =>
      ['Schema', 'EntityType', 'EnumType', 'ComplexType', 'Property', 'Member'].includes(name),
  }).parse(csdl) as {
    'edmx:Edmx': {
      'edmx:DataServices': {
        Schema: { EntityType?: Typed[]; EnumType?: Typed[]; ComplexType?: Typed[] }[];
      };
    };
  };
  const schema = xml['edmx:Edmx']['edmx:DataServices'].Schema[0];
  const byName = (list: Typed[] | undefined) => new Map((list ?? []).map((t) => [t.Name, t]));
  const entities = byName(schema?.EntityType);
  const enums = byName(schema?.EnumType);
  const complex = byName(schema?.ComplexType);
  const schemas: Json = {};

  const typeOf = (type: string): Json => {
    const collection = /^Collection\((.+)\)$/.exec(type);
    if (collection) return { type: 'array', items: typeOf(collection[1] ?? '') };
    if (type in EDM) return { ...EDM[type] };
    const name = type.replace(/^(graph|microsoft\.graph)\./, '');
    const members = enums.get(name)?.Member;
    if (members) {
      schemas[`microsoft.graph.${name}`] ??= { type: 'string', enum: members.map((m) => m.Name) };
      return { $ref: `#/components/schemas/microsoft.graph.${name}` };
    }
    // A complex type (an action result, a feature set): an object, its inside not checked here.
    if (complex.has(name)) return { type: 'object' };
    throw new Error(`no type ${type} in the metadata`);
  };

  /** An entity's properties with its base types', as JSON Schema; CSDL's Nullable defaults to true. */
  const entity = (name: string): Json => {
    const properties: Json = {};
    for (let t = entities.get(name); t;) {
      for (const p of t.Property ?? []) {
        const shape = typeOf(p.Type);
        properties[p.Name] = p.Nullable === 'false' ? shape : { anyOf: [shape, { type: 'null' }] };
      }
      t = t.BaseType ? entities.get(t.BaseType.replace(/^graph\./, '')) : undefined;
    }
    // Not an open type: a property the metadata does not declare is not Graph's (annotations
    // such as @odata.type aside).
    return {
      type: 'object',
      properties,
      patternProperties: { '^@odata\\.': {} },
      additionalProperties: false,
    };
  };

  for (const name of ENTITIES) schemas[`microsoft.graph.${name}`] = entity(name);
  const deviceFields = Object.keys(
    (schemas['microsoft.graph.managedDevice'] as { properties: Json }).properties,
  );
  // OData JSON Format 4.01, section 21: an error is an object with a code and a message.
  schemas['odata.error'] = {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  };
  const error = { $ref: '#/components/schemas/odata.error' };
  return {
    source: SOURCE,
    derivedBy: 'scripts/derive-graph-contract.ts (GRAPH_CSDL=<v1.0 CSDL> npm run contracts)',
    openapi: '3.1.0',
    paths: {
      '/deviceManagement/managedDevices': {
        get: {
          // OData's system query options the bot uses: $select names properties of the entity;
          // $skiptoken is the server's own, carried in @odata.nextLink.
          parameters: [
            {
              name: '$select',
              in: 'query',
              required: false,
              schema: { type: 'array', items: { enum: deviceFields } },
            },
            { name: '$top', in: 'query', required: false, schema: { type: 'integer', minimum: 1 } },
            { name: '$skiptoken', in: 'query', required: false, schema: { type: 'string' } },
          ],
          responses: {
            // OData JSON Format, section 12: a collection is `value`, the next page's URL in
            // `@odata.nextLink`.
            '200': {
              type: 'object',
              required: ['value'],
              properties: {
                '@odata.context': { type: 'string' },
                '@odata.nextLink': { type: 'string', format: 'uri' },
                value: {
                  type: 'array',
                  items: { $ref: '#/components/schemas/microsoft.graph.managedDevice' },
                },
              },
            },
            '400': error,
            '401': error,
            '403': error,
            '404': error,
            '429': error,
            '500': error,
            '503': error,
          },
        },
      },
    },
    components: { schemas },
  };
}

const file = process.env.GRAPH_CSDL;
if (!file) {
  process.stdout.write('graph: GRAPH_CSDL not given; contracts/graph.json left as it is\n');
} else {
  writeFileSync(OUT, `${JSON.stringify(derive(readFileSync(file, 'utf8')), null, 1)}\n`);
  process.stdout.write('graph: managedDevices -> contracts/graph.json\n');
}
