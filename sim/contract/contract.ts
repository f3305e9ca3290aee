import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { projectRoot } from '../../src/core/project-root';

type Json = Record<string, unknown>;

export interface ContractCall {
  method: string;
  /** The path under the API's base, with its query string, e.g. /endpoints/managed/org-1?from=0. */
  path: string;
  body?: unknown;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema?: Json;
}
interface Operation {
  parameters: Parameter[];
  requestBody?: { required: boolean; schema: Json | null };
  responses: Record<string, Json | null>;
}

/**
 * A vendor's API contract (contracts/<vendor>.json, derived from the vendor's own document by
 * scripts/derive-contracts.ts), checked with a standard JSON Schema validator (ajv, draft
 * 2020-12, which OpenAPI 3.1 schemas are; OpenAPI 3.0's `nullable` is turned into a null type).
 * Answers with the problems of a request or a response: an empty list means the contract allows it.
 */
export class Contract {
  private readonly ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: true,
    logger: false,
  });
  private readonly routes: {
    pattern: RegExp;
    template: string;
    names: string[];
    method: string;
    op: Operation;
  }[] = [];
  private readonly compiled = new Map<unknown, ValidateFunction>();

  constructor(readonly vendor: string) {
    const raw = JSON.parse(
      readFileSync(join(projectRoot(), 'contracts', `${vendor}.json`), 'utf8'),
    ) as Json;
    const doc = this.prepare(raw) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Json };
    };
    addFormats(this.ajv);
    // HaloPSA's name for a time of day or duration (C# TimeSpan): a string, not checked further.
    this.ajv.addFormat('date-span', true);
    // Action1 marks its times `format: date-time` and describes and shows them as
    // "YYYY-MM-DD_HH-MM-SS" (AuditEvent.timestamp, the timefrom/timeto parameters): its own
    // document allows both, so both pass, and nothing else does.
    if (vendor === 'action1')
      this.ajv.addFormat(
        'date-time',
        /^(\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))$/,
      );
    for (const [name, schema] of Object.entries(doc.components.schemas))
      this.ajv.addSchema(schema as Json, this.schemaId(name));
    for (const [template, ops] of Object.entries(doc.paths)) {
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
      const pattern = new RegExp(
        `^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '([^/]+)')}$`,
        'i',
      );
      for (const [method, op] of Object.entries(ops))
        this.routes.push({ pattern, template, names, method: method.toUpperCase(), op });
    }
    // Literal segments win over templated ones (/Tickets/View before /Tickets/{id}).
    this.routes.sort((a, b) => braces(a.template) - braces(b.template));
  }

  /** What the contract says is wrong with this request. */
  checkRequest(call: ContractCall): string[] {
    const found = this.find(call);
    if (typeof found === 'string') return [found];
    const { op, route, query, pathValues } = found;
    const problems: string[] = [];
    const where = `${call.method} ${route}`;
    for (const p of op.parameters.filter((x) => x.in === 'path')) {
      const value = pathValues[p.name];
      const wrong =
        value !== undefined && p.schema && this.wrong(p.schema, coerce(value, p.schema));
      if (wrong) problems.push(`${where}: path {${p.name}}=${value}: ${wrong}`);
    }
    const declared = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    for (const name of query.keys())
      if (!declared.has(name))
        problems.push(`${where}: query parameter "${name}" is not in the contract`);
    for (const p of op.parameters.filter((x) => x.in === 'query')) {
      const value = query.get(p.name);
      if (value === null) {
        if (p.required) problems.push(`${where}: required query parameter "${p.name}" is missing`);
        continue;
      }
      const wrong = p.schema && this.wrong(p.schema, coerce(value, p.schema));
      if (wrong) problems.push(`${where}: query ${p.name}=${value}: ${wrong}`);
    }
    const body = op.requestBody;
    if (call.body !== undefined && !body) problems.push(`${where}: takes no request body`);
    if (body?.required && call.body === undefined)
      problems.push(`${where}: a request body is required`);
    const wrong = body?.schema && call.body !== undefined && this.wrong(body.schema, call.body);
    if (wrong) problems.push(`${where}: request body: ${wrong}`);
    return problems;
  }

  /** What the contract says is wrong with this answer to the request. */
  checkResponse(call: ContractCall, status: number, body: unknown): string[] {
    const found = this.find(call);
    if (typeof found === 'string') return [found];
    const where = `${call.method} ${found.route} -> ${status}`;
    const responses = found.op.responses;
    const key =
      String(status) in responses
        ? String(status)
        : `${String(status)[0]}XX` in responses
          ? `${String(status)[0]}XX`
          : 'default';
    if (!(key in responses))
      return [`${where}: the contract lists no such answer (${Object.keys(responses).join(', ')})`];
    const schema = responses[key];
    if (!schema || body === undefined) return [];
    const wrong = this.wrong(schema, body);
    return wrong ? [`${where}: response body: ${wrong}`] : [];
  }

  private find(
    call: ContractCall,
  ):
    | { op: Operation; route: string; query: URLSearchParams; pathValues: Record<string, string> }
    | string {
    const url = new URL(call.path, 'http://contract.local');
    const path = decodeURIComponent(url.pathname).replace(/\/+$/, '') || '/';
    const method = call.method.toUpperCase();
    const onPath = this.routes.filter((r) => r.pattern.test(path));
    if (onPath.length === 0) return `${method} ${path}: no such path in ${this.vendor}'s contract`;
    const route = onPath.find((r) => r.method === method);
    if (!route)
      return `${method} ${path}: ${this.vendor}'s contract allows only ${[...new Set(onPath.map((r) => r.method))].join(', ')} here`;
    const values = route.pattern.exec(path)?.slice(1) ?? [];
    const pathValues = Object.fromEntries(route.names.map((n, i) => [n, values[i] ?? '']));
    return { op: route.op, route: route.template, query: url.searchParams, pathValues };
  }

  /** What is wrong with the value under the schema, or undefined when it holds. */
  private wrong(schema: Json, value: unknown): string | undefined {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    if (validate(value)) return undefined;
    return (validate.errors ?? [])
      .slice(0, 4)
      .map(
        (e) =>
          `${e.instancePath || '(root)'} ${e.message ?? ''}${e.params && 'allowedValues' in e.params ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`,
      )
      .join('; ');
  }

  private schemaId(name: string): string {
    return `urn:${this.vendor}:schema:${name}`;
  }

  /** Refs to component schemas become their ids; OpenAPI 3.0's nullable becomes a null type. */
  private prepare(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.prepare(v));
    if (!value || typeof value !== 'object') return value;
    const out: Json = {};
    for (const [k, v] of Object.entries(value as Json)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/'))
        out.$ref = this.schemaId(v.slice('#/components/schemas/'.length));
      else if (k !== 'nullable') out[k] = this.prepare(v);
    }
    if ((value as Json).nullable === true) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      else if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
      if (Array.isArray(out.enum)) out.enum = [...(out.enum as unknown[]), null];
    }
    return out;
  }
}

const braces = (template: string) => (template.match(/\{/g) ?? []).length;

/** Query values are strings on the wire; the schema says what they stand for. */
function coerce(value: string, schema: Json): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') return value.trim() === '' ? value : Number(value);
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  if (type === 'array') return value.split(',');
  return value;
}

const loaded = new Map<string, Contract>();

/** One Contract per vendor per process: HaloPSA's schemas take a moment to compile. */
export function contractOf(vendor: 'action1' | 'halopsa' | 'wazuh' | 'graph'): Contract {
  let contract = loaded.get(vendor);
  if (!contract) {
    contract = new Contract(vendor);
    loaded.set(vendor, contract);
  }
  return contract;
}
