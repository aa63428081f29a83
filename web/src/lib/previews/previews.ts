import type { MessageKey } from '#lib/i18n/index.ts';

/** Live previews per stack Mission Control allows at most (PUT .../previews/settings). */
export const PREVIEW_LIMIT_MIN = 1;
export const PREVIEW_LIMIT_MAX = 50;
/** What a stack starts with when previews are first turned on. */
export const PREVIEW_LIMIT_DEFAULT = 5;

/** The stack fields the list needs to place a preview under its parent. */
export interface ListedStack {
  id: string;
  name: string;
  preview: { parentId: string; parentName: string; number: number } | null;
}

export interface StackRow<T> {
  stack: T;
  /** a preview listed right under its parent stack */
  underParent: boolean;
}

/**
 * The stacks list in its order, each preview moved right under its parent (by request number),
 * so a parent's fleet of previews reads as one group. A preview whose parent is not in the list
 * stays where it was, still marked as a preview by the caller.
 */
export function withPreviewsUnderParents<T extends ListedStack>(stacks: readonly T[]): StackRow<T>[] {
  const ids = new Set(stacks.map((s) => s.id));
  const children = new Map<string, T[]>();
  for (const stack of stacks) {
    if (stack.preview && ids.has(stack.preview.parentId)) {
      const list = children.get(stack.preview.parentId) ?? [];
      list.push(stack);
      children.set(stack.preview.parentId, list);
    }
  }
  const rows: StackRow<T>[] = [];
  for (const stack of stacks) {
    if (stack.preview && ids.has(stack.preview.parentId)) continue;
    rows.push({ stack, underParent: false });
    const own = (children.get(stack.id) ?? []).sort((a, b) => a.preview!.number - b.preview!.number);
    for (const child of own) rows.push({ stack: child, underParent: true });
  }
  return rows;
}

export interface SettingsDraft {
  enabled: boolean;
  allowForks: boolean;
  /** as typed */
  limit: string;
}

export type SettingsCheck =
  { ok: true; body: { enabled: boolean; allowForks: boolean; limit: number } } | { ok: false; field: 'limit'; problem: MessageKey };

/** The settings to send, or the field Mission Control would refuse anyway. */
export function settingsBody(draft: SettingsDraft): SettingsCheck {
  const typed = draft.limit.trim();
  const limit = typed === '' ? PREVIEW_LIMIT_DEFAULT : Number(typed);
  if (!Number.isInteger(limit) || limit < PREVIEW_LIMIT_MIN || limit > PREVIEW_LIMIT_MAX) {
    return { ok: false, field: 'limit', problem: 'previews.settings.limitProblem' };
  }
  return { ok: true, body: { enabled: draft.enabled, allowForks: draft.allowForks, limit } };
}

/** Secret names are `${NAME}` in the Compose file, as under Secrets. */
export const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface SecretDraft {
  name: string;
  value: string;
  /** as typed: '' means every preview */
  pullRequest: string;
}

export type SecretCheck =
  | { ok: true; name: string; body: { value: string; pullRequest?: number } }
  | { ok: false; field: 'name' | 'value' | 'pullRequest'; problem: MessageKey };

export function secretBody(draft: SecretDraft): SecretCheck {
  const name = draft.name.trim();
  if (name === '') return { ok: false, field: 'name', problem: 'previews.secrets.nameRequired' };
  if (!SECRET_NAME.test(name)) return { ok: false, field: 'name', problem: 'previews.secrets.nameProblem' };
  if (draft.value === '') return { ok: false, field: 'value', problem: 'previews.secrets.valueRequired' };
  const typed = draft.pullRequest.trim().replace(/^#/, '');
  if (typed === '') return { ok: true, name, body: { value: draft.value } };
  const pullRequest = Number(typed);
  if (!Number.isInteger(pullRequest) || pullRequest < 1)
    return { ok: false, field: 'pullRequest', problem: 'previews.secrets.pullRequestProblem' };
  return { ok: true, name, body: { value: draft.value, pullRequest } };
}

/** Newest request first: the one someone is looking at now. */
export function byNumberDescending<T extends { number: number }>(previews: readonly T[]): T[] {
  return [...previews].sort((a, b) => b.number - a.number);
}
