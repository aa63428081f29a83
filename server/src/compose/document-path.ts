/** A step into the document: a mapping key or a list index. */
export type PathSegment = string | number;

/** "services.web.ports[0].target"; "" for the whole file. */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/**
 * Names a place in words for messages: "`deploy.replicas` in service web", "service web",
 * "`networks.back.driver`", "the file".
 */
export function describePlace(segments: readonly PathSegment[]): string {
  if (segments.length === 0) return 'the file';
  if (segments[0] === 'services' && segments.length >= 2) {
    const service = String(segments[1]);
    if (segments.length === 2) return `service ${service}`;
    return `\`${formatPath(segments.slice(2))}\` in service ${service}`;
  }
  return `\`${formatPath(segments)}\``;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
