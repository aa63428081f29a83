import AjvDraft04 from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';

/**
 * docker/cli's legacy Compose schemas (draft-04), one per file format version 3.x.
 *
 * They are JSON files next to this module, loaded with `import(…, { with: { type: 'json' } })`:
 * tsc copies imported JSON into dist/ (so the built server finds them beside
 * dist/compose/compose-schemas.js) and Jest loads them from src/. The specifiers must stay
 * literal strings for tsc to see them.
 */
const loaded = await Promise.all([
  import('./schemas/config_schema_v3.0.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.1.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.2.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.3.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.4.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.5.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.6.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.7.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.8.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.9.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.10.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.11.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.12.json', { with: { type: 'json' } }),
  import('./schemas/config_schema_v3.13.json', { with: { type: 'json' } }),
]);

export type JsonObject = { [key: string]: unknown };

/** "3.0" … "3.13", oldest first. */
export const SCHEMA_VERSIONS: readonly string[] = loaded
  .map((module) => (module.default as JsonObject).id as string)
  .map((id) => /v(3\.\d+)\.json$/.exec(id)![1]);

/** docker/cli validates a file without `version` (or with "3") against its newest schema. */
export const DEFAULT_VERSION = SCHEMA_VERSIONS[SCHEMA_VERSIONS.length - 1];

const rawSchemas = new Map<string, JsonObject>(SCHEMA_VERSIONS.map((version, i) => [version, loaded[i].default as JsonObject]));

export function hasSchema(version: string): boolean {
  return rawSchemas.has(version);
}

const dereferenced = new Map<string, JsonObject>();

/**
 * The schema with every `$ref` replaced by its definition (the v3 schemas have no recursive
 * references). Without references, an error's schemaPath tells which `oneOf` branch it came
 * from, which is what turns validator output into one clear message.
 */
export function inlinedSchema(version: string): JsonObject {
  const cached = dereferenced.get(version);
  if (cached) return cached;
  const raw = rawSchemas.get(version);
  if (!raw) throw new Error(`no Compose schema for version ${version}`);
  const definitions = raw.definitions as Record<string, unknown>;
  const inline = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(inline);
    if (value === null || typeof value !== 'object') return value;
    const object = value as JsonObject;
    if (typeof object.$ref === 'string') {
      const name = /^#\/definitions\/(.+)$/.exec(object.$ref)?.[1];
      if (!name || !(name in definitions)) throw new Error(`unexpected $ref ${object.$ref} in Compose schema ${version}`);
      return inline(definitions[name]);
    }
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(object)) {
      // draft-04 `id`s here only name fragments; without $refs they serve no purpose.
      if (key === 'id' || key === 'definitions') continue;
      out[key] = inline(child);
    }
    return out;
  };
  const schema = inline(raw) as JsonObject;
  dereferenced.set(version, schema);
  return schema;
}

const Ajv = AjvDraft04 as unknown as typeof AjvDraft04.default;

const validators = new Map<string, ValidateFunction>();

export function validatorFor(version: string): ValidateFunction {
  const cached = validators.get(version);
  if (cached) return cached;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // docker/cli registers these three formats; "ports" and "expose" accept anything.
  ajv.addFormat('ports', true);
  ajv.addFormat('expose', true);
  ajv.addFormat('duration', { type: 'string', validate: isGoDuration });
  const validate = ajv.compile(inlinedSchema(version));
  validators.set(version, validate);
  return validate;
}

/** Go's time.ParseDuration: "300ms", "1h30m", "-1.5h", "0"; units ns us µs μs ms s m h. */
export function isGoDuration(text: string): boolean {
  if (text === '0' || text === '+0' || text === '-0') return true;
  return /^[-+]?(?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.test(text);
}
