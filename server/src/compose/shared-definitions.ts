import type { ComposeIssue } from './types.js';

/**
 * Services that share a definition through an anchor or `<<` merge get the same problem at
 * the same place. Report it once, on those lines, naming the other services that share it.
 */
export function mergeSharedIssues(issues: readonly ComposeIssue[], serviceNames: readonly string[]): ComposeIssue[] {
  const byLongestName = [...serviceNames].sort((a, b) => b.length - a.length);
  const groups = new Map<string, { issue: ComposeIssue; others: string[] }>();
  const out: Array<{ issue: ComposeIssue; others: string[] }> = [];
  for (const issue of issues) {
    const service = byLongestName.find((name) => {
      const prefix = `services.${name}`;
      return issue.path === prefix || issue.path.startsWith(`${prefix}.`) || issue.path.startsWith(`${prefix}[`);
    });
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

function sharedBy(services: string[]): string {
  const shown = services.length <= 4 ? services : services.slice(0, 3);
  const rest = services.length - shown.length;
  const list = rest > 0 ? `${shown.join(', ')} and ${rest} more` : shown.length === 1 ? shown[0] : `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
  return `${services.length === 1 ? 'Service' : 'Services'} ${list} ${services.length === 1 ? 'shares' : 'share'} this definition.`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
