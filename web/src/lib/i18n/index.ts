import en from './en.json' with { type: 'json' };

export type MessageKey = keyof typeof en;
export type MessageParams = Record<string, string | number>;

const messages: Record<string, string> = en;

/** Replaces `{name}` placeholders; a placeholder without a value stays visible so it gets noticed. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

/** The one way the dashboard gets a user-facing string. Unknown keys show up as the key itself. */
export function t(key: MessageKey, params?: MessageParams): string {
  const template = messages[key];
  return template === undefined ? key : interpolate(template, params);
}
