import * as fs from 'fs';
import * as path from 'path';

/** An OpenAPI 3.0 schema object, as far as request validation needs it. */
type Schema = { [key: string]: any };

/** The trimmed schema files of `datadog-openapi/` (see its README for their source). */
const FIXTURES = ['v1-request-schemas.json', 'v2-downtime-request-schemas.json'];

/**
 * Validates request bodies against Datadog's published OpenAPI request schemas: `$ref`,
 * `nullable`, `type` (with int64 integers), `enum`, `required`, `properties`, unknown properties
 * (rejected unless the schema declares `additionalProperties`, because the official client drops
 * them silently), `readOnly` properties (rejected in requests), `items`, `minItems`,
 * `minimum`/`maximum`, `oneOf` (exactly one), `anyOf`, `allOf` and `format: date-time`.
 */
export class OpenApiRequestValidator {
  /** Loads the fixture schemas. */
  public static load(): OpenApiRequestValidator {
    const operations: Record<string, string> = {};
    const schemas: Record<string, Schema> = {};
    for (const file of FIXTURES) {
      const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, 'datadog-openapi', file), 'utf8'));
      Object.assign(operations, fixture.operations);
      Object.assign(schemas, fixture.schemas);
    }
    return new OpenApiRequestValidator(operations, schemas);
  }

  private constructor(private readonly operations: Record<string, string>, private readonly schemas: Record<string, Schema>) {}

  /** The request schema of `method path` (`PUT /api/v1/monitor/123`), if the fixture has it. */
  public schemaOf(method: string, requestPath: string): string | undefined {
    for (const [operation, schema] of Object.entries(this.operations)) {
      const [opMethod, opPath] = operation.split(' ');
      const pattern = new RegExp(`^${opPath.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      if (opMethod === method && pattern.test(requestPath)) return schema;
    }
    return undefined;
  }

  /** Problems of `body` as schema `name`, each with its JSON path; empty when valid. */
  public validate(name: string, body: unknown): string[] {
    return this.check({ $ref: `#/components/schemas/${name}` }, body, '$');
  }

  private resolve(schema: Schema): Schema {
    let current = schema;
    while (current.$ref) {
      const name = String(current.$ref).split('/').pop()!;
      const target = this.schemas[name];
      if (!target) throw new Error(`schema ${name} is not in the fixture; regenerate it (datadog-openapi/README.md)`);
      current = target;
    }
    return current;
  }

  private check(raw: Schema, value: unknown, at: string): string[] {
    const schema = this.resolve(raw);
    if (value === null) return schema.nullable ? [] : [`${at}: null is not allowed (not nullable)`];
    if (schema.oneOf) {
      const results = schema.oneOf.map((s: Schema) => this.check(s, value, at));
      const passing = results.filter((r: string[]) => r.length === 0).length;
      if (passing === 1) return [];
      if (passing > 1) return [`${at}: matches ${passing} of the oneOf schemas, exactly one expected`];
      const best = results.reduce((a: string[], b: string[]) => (b.length < a.length ? b : a));
      return [`${at}: matches none of the oneOf schemas; closest: ${best.join('; ')}`];
    }
    if (schema.anyOf && !schema.anyOf.some((s: Schema) => this.check(s, value, at).length === 0)) {
      return [`${at}: matches none of the anyOf schemas`];
    }
    const problems: string[] = [];
    for (const part of schema.allOf ?? []) problems.push(...this.check(part, value, at));
    if (schema.enum && !schema.enum.includes(value)) {
      problems.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
    }
    const type = schema.type ?? (schema.properties ? 'object' : undefined);
    if (type && !hasType(type, value)) {
      return [...problems, `${at}: ${JSON.stringify(value)} is not of type ${type}${schema.format ? ` (${schema.format})` : ''}`];
    }
    if (schema.format === 'date-time' && typeof value === 'string' && !DATE_TIME.test(value)) {
      problems.push(`${at}: "${value}" is not an RFC 3339 date-time with offset`);
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) problems.push(`${at}: ${value} is below the minimum ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) problems.push(`${at}: ${value} is above the maximum ${schema.maximum}`);
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) problems.push(`${at}: fewer than ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) problems.push(`${at}: more than ${schema.maxItems} items`);
      if (schema.items) value.forEach((item, i) => problems.push(...this.check(schema.items, item, `${at}[${i}]`)));
    } else if (typeof value === 'object' && type === 'object') {
      problems.push(...this.checkObject(schema, value as Record<string, unknown>, at));
    }
    return problems;
  }

  private checkObject(schema: Schema, value: Record<string, unknown>, at: string): string[] {
    const problems: string[] = [];
    const properties: Record<string, Schema> = schema.properties ?? {};
    for (const field of schema.required ?? []) {
      if (!(field in value) || value[field] === undefined) problems.push(`${at}.${field}: required`);
    }
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const property = properties[key];
      if (property) {
        if (this.resolve(property).readOnly || property.readOnly) problems.push(`${at}.${key}: read-only, not allowed in a request`);
        else problems.push(...this.check(property, item, `${at}.${key}`));
      } else if (schema.additionalProperties === undefined || schema.additionalProperties === false) {
        problems.push(`${at}.${key}: unknown property (not in the schema)`);
      } else if (typeof schema.additionalProperties === 'object' && Object.keys(schema.additionalProperties).length) {
        problems.push(...this.check(schema.additionalProperties, item, `${at}.${key}`));
      }
    }
    return problems;
  }
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

function hasType(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return typeof value === 'number' && Number.isInteger(value);
    case 'number': return typeof value === 'number';
    case 'boolean': return typeof value === 'boolean';
    default: return true;
  }
}
