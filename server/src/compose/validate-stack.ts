import { chooseSchemaVersion } from './compose-version.js';
import { buildDockerView, type ViewMap } from './docker-view.js';
import { checkForbiddenKeys } from './forbidden-keys.js';
import { readExtensions, type ServiceExtension } from './otternauts-extension.js';
import { renderStack } from './render-stack.js';
import { planRoutes } from './routing-check.js';
import { checkSchema } from './schema-check.js';
import { mergeSharedIssues } from './shared-definitions.js';
import { serviceEntries } from './stack-services.js';
import { validateStackName } from './stack-name.js';
import { checkSwarmRules } from './swarm-rules.js';
import { checkNamesByContent } from './content-names.js';
import { readBuilds } from './build-rules.js';
import type { PlannedBuild } from '../builds/build-plan.js';
import type { ComposeIssue, ServiceSummary, ValidationContext, ValidationResult } from './types.js';
import { parseSource } from './yaml-source.js';

/**
 * Checks a pasted stack file the way `docker stack deploy` would read it (YAML 1.1, variable
 * substitution, docker/cli's schema for the file's version), then against what Otternauts
 * needs (pre-built images, files beside the stack only for a stack from a repository, stored
 * secrets for ${VAR}, valid x-otternauts), and renders the file to deploy when nothing is wrong.
 */
export function validateStack(name: string, configuration: string, ctx: ValidationContext): ValidationResult {
  const errors: ComposeIssue[] = [];
  const warnings: ComposeIssue[] = [];
  const nameProblem = validateStackName(name);
  if (nameProblem) errors.push({ message: `Stack name: ${nameProblem}`, line: 1, column: 1, path: '' });

  const parsed = parseSource(configuration);
  warnings.push(...parsed.warnings);
  if (!parsed.root || parsed.root.kind !== 'map') return finish([...errors, ...parsed.errors], warnings, null, []);

  const view = buildDockerView(parsed.root, ctx.secretNames);
  const version = chooseSchemaVersion(view.root);
  if (version.error) return finish([...errors, version.error], warnings, null, []);

  const servicesEntry = view.root.byKey.get('services');
  if (!servicesEntry || (servicesEntry.value.kind === 'map' && servicesEntry.value.entries.length === 0)) {
    errors.push({
      message: 'The file has no services: a stack needs at least one under `services`.',
      ...(servicesEntry?.keyPos ?? { line: 1, column: 1 }),
      path: 'services',
    });
  }
  errors.push(...checkForbiddenKeys(view.root), ...view.errors, ...checkSchema(view.root, version.version));
  const files = ctx.files ?? 'none';
  const swarm = checkSwarmRules(view.root, files);
  let builds: PlannedBuild[] = [];
  if (files === 'repository') {
    const versionNote = checkNamesByContent(view.root, version.version);
    if (versionNote) warnings.push(versionNote);
    const read = readBuilds(view.root, ctx.builds);
    builds = read.builds;
    swarm.errors.push(...read.findings.errors);
    swarm.warnings.push(...read.findings.warnings);
  }
  const { extensions, findings } = readExtensions(view.root, name, ctx);
  const { routes, errors: routeErrors } = planRoutes(view.root, name, extensions, ctx.routersInUse);
  errors.push(...swarm.errors, ...findings.errors, ...routeErrors);
  warnings.push(...swarm.warnings, ...findings.warnings);

  const services = summarise(view.root, extensions, builds);
  const names = services.map((s) => s.name);
  const valid = errors.length === 0;
  const rendered = valid ? renderStack(configuration, routes, builds) : null;
  return finish(mergeSharedIssues(errors, names), mergeSharedIssues(warnings, names), rendered, services, valid ? builds : []);
}

function summarise(root: ViewMap, extensions: Map<string, ServiceExtension>, builds: readonly PlannedBuild[]): ServiceSummary[] {
  return serviceEntries(root).map(({ key, value }) => {
    const image = value.byKey.get('image')?.value;
    const extension = extensions.get(key);
    const built = builds.find((b) => b.service === key);
    return {
      name: key,
      image: built ? built.image : image?.kind === 'scalar' && typeof image.written === 'string' ? image.written : null,
      domains: extension?.domains ?? [],
      port: extension?.port ?? null,
    };
  });
}

function byPosition(a: ComposeIssue, b: ComposeIssue): number {
  return a.line - b.line || a.column - b.column;
}

function finish(
  errors: ComposeIssue[],
  warnings: ComposeIssue[],
  rendered: string | null,
  services: ServiceSummary[],
  builds: PlannedBuild[] = [],
): ValidationResult {
  return {
    builds,
    valid: errors.length === 0,
    errors: [...errors].sort(byPosition),
    warnings: [...warnings].sort(byPosition),
    rendered,
    services,
  };
}
