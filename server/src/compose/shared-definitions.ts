import type { ComposeIssue } from './types.js';

/**
 * Services that share a definition through an anchor or `<<` merge get the same problem at
 * the same place. Report it once, on those lines, naming the other services that share it.
 */
export function mergeSharedIssues(issues: readonly ComposeIssue[], serviceNames: readonly string[]): ComposeIssue[] {
  const names = new Set(serviceNames);
  const groups = new Map<string, { issue: ComposeIssue; others: string[] }>();
  const out: Array<{ issue: ComposeIssue; others: string[] }> = [];
  for (const issue of issues) {
    const service = serviceOf(issue.path, names);
    if (service === undefined) {
      out.push({ issue, others: [] });
      continue;
    }
    const key = [
      issue.line,
      issue.column,
      issue.path.replace(`services.${service}`, 'services.\u0000'),
      issue.message.replace(new RegExp(`\\b([Ss]ervice) ${escapeRegExp(service)}(?![\\w.-])`, 'g'), '$1 \u0000'),
    ].join('\u0001');
    const group = groups.get(key);
    if (group) {
      group.others.push(service);
      continue;
    }
    const entry = { issue, others: [] };
    groups.set(key, entry);
    out.push(entry);
  }
  return out.map(({ issue, others }) => (others.length === 0 ? issue : { ...issue, message: `${issue.message} ${sharedBy(others)}` }));
}

/**
 * The longest service name the path is under (`services.<name>` followed by the end, `.` or `[`).
 * Looked up by the path's own cut points, not by trying every service: names may hold dots, and
 * a file with thousands of services and issues made the scan quadratic.
 */
function serviceOf(path: string, names: ReadonlySet<string>): string | undefined {
  const prefix = 'services.';
  if (!path.startsWith(prefix)) return undefined;
  const rest = path.slice(prefix.length);
  if (names.has(rest)) return rest;
  for (let i = rest.length - 1; i > 0; i--) {
    if ((rest[i] === '.' || rest[i] === '[') && names.has(rest.slice(0, i))) return rest.slice(0, i);
  }
  return undefined;
}

function sharedBy(services: string[]): string {
  const shown = services.length <= 4 ? services : services.slice(0, 3);
  const rest = services.length - shown.length;
  const list =
    rest > 0
      ? `${shown.join(', ')} and ${rest} more`
      : shown.length === 1
        ? shown[0]
        : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `${services.length === 1 ? 'Service' : 'Services'} ${list} ${services.length === 1 ? 'shares' : 'share'} this definition.`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
