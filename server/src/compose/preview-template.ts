import { checkDomain } from './domain-name.js';

/** What a preview's domain templates are filled with. */
export interface PreviewValues {
  /** the pull/merge request's number */
  number: number;
  /** its head branch, as the provider names it (slugged here) */
  branch: string;
  /** its head commit, the full id (the first 7 characters are used) */
  sha: string;
  /** the parent stack's name */
  stack: string;
}

export const PLACEHOLDERS = ['number', 'branch', 'sha', 'stack'] as const;
const BRANCH_SLUG_MAX = 40;

/**
 * A name as one DNS label can hold it: lower-case a-z, 0-9 and `-`, every run of anything else
 * one `-`, no `-` at either end, at most `max` characters (feature/Login_v2 -> feature-login-v2).
 */
export function slug(text: string, max = 63): string {
  const cut = text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, max);
  return cut.replace(/-+$/, '');
}

/** The text each placeholder stands for; a branch with no letter or digit falls back to pr-<number>. */
export function placeholderValues(values: PreviewValues): Record<(typeof PLACEHOLDERS)[number], string> {
  return {
    number: String(values.number),
    branch: slug(values.branch, BRANCH_SLUG_MAX) || `pr-${values.number}`,
    sha: values.sha.slice(0, 7).toLowerCase(),
    stack: slug(values.stack),
  };
}

/** The placeholders a template names, in order, with any that Otternauts does not know. */
export function templateParts(template: string): { used: string[]; unknown: string[] } {
  const used: string[] = [];
  const unknown: string[] = [];
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    if ((PLACEHOLDERS as readonly string[]).includes(match[1])) used.push(match[1]);
    else unknown.push(match[0]);
  }
  return { used, unknown };
}

/** The template with its placeholders filled in (lower case, as domains are compared). */
export function renderTemplate(template: string, values: PreviewValues): string {
  const filled = placeholderValues(values);
  return template.replace(/\{(number|branch|sha|stack)\}/g, (_, name: keyof typeof filled) => filled[name]).toLowerCase();
}

export type TemplateCheck = { ok: true; warning: string | null } | { ok: false; reason: string };

/**
 * Whether a template can give every preview a domain of its own: it must name {number} or
 * {branch} (else every preview would get the same domain), and give a valid domain for a
 * typical request; a domain that only a 40-character branch name makes too long is a warning,
 * since the preview of such a branch would be refused.
 */
export function checkTemplate(template: string, stack: string): TemplateCheck {
  const { used, unknown } = templateParts(template);
  if (unknown.length > 0) {
    return { ok: false, reason: `${unknown[0]} is not a placeholder Otternauts fills in: use {number}, {branch}, {sha} or {stack}` };
  }
  if (/[{}]/.test(template.replace(/\{(number|branch|sha|stack)\}/g, '')))
    return { ok: false, reason: 'it has a brace outside a placeholder' };
  if (!used.includes('number') && !used.includes('branch')) {
    return { ok: false, reason: 'it names neither {number} nor {branch}, so every preview would get the same domain' };
  }
  const sample = renderTemplate(template, { number: 42, branch: 'feature-x', sha: '0123456789abcdef', stack });
  const typical = checkDomain(sample);
  if (!typical.ok) {
    return {
      ok: false,
      reason: `it cannot give a valid domain (request 42 of branch feature-x gives "${sample.length > 80 ? `${sample.slice(0, 77)}...` : sample}": ${typical.reason})`,
    };
  }
  const longest = checkDomain(renderTemplate(template, { number: 99999, branch: 'b'.repeat(BRANCH_SLUG_MAX), sha: 'f'.repeat(40), stack }));
  return {
    ok: true,
    warning: longest.ok
      ? null
      : `for a branch name of ${BRANCH_SLUG_MAX} characters it gives no valid domain (${longest.reason}), so such a preview would be refused`,
  };
}
