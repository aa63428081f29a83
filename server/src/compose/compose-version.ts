import { DEFAULT_VERSION, hasSchema, SCHEMA_VERSIONS } from './compose-schemas.js';
import type { ViewMap } from './docker-view.js';
import type { ComposeIssue } from './types.js';

export type VersionChoice = { version: string; error: null } | { version: null; error: ComposeIssue };

/**
 * docker/cli's schema.Version: the `version` value as Go's %v prints it, with no version,
 * "" and "3" meaning the newest 3.x schema. The value is read before variables are substituted.
 */
export function chooseSchemaVersion(root: ViewMap): VersionChoice {
  const entry = root.byKey.get('version');
  if (!entry) return { version: DEFAULT_VERSION, error: null };
  const node = entry.value;
  const written = node.kind === 'scalar' ? node.written : undefined;
  const pos = node.kind === 'scalar' ? node.pos : entry.keyPos;
  if (written === null) {
    return {
      version: null,
      error: { message: '`version` is empty: write a 3.x version such as version: "3.8", or remove the line.', ...pos, path: 'version' },
    };
  }
  const text = typeof written === 'string' || typeof written === 'number' || typeof written === 'boolean' ? String(written) : null;
  const version = text === '' || text === '3' ? DEFAULT_VERSION : text;
  if (version !== null && hasSchema(version)) return { version, error: null };
  const shown = text ?? 'a list or mapping';
  const supported = `docker stack deploy reads versions ${SCHEMA_VERSIONS[0]} to ${DEFAULT_VERSION}, or no version at all`;
  const message =
    text !== null && /^3(\.|$)/.test(text)
      ? `unsupported Compose file version: ${shown} — ${supported}.`
      : `unsupported Compose file version: ${shown} — docker stack deploy needs version 3.x or no version.`;
  return { version: null, error: { message, ...pos, path: 'version' } };
}
