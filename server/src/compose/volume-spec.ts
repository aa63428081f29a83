/** A service volume in short syntax (`source:target:options`), read as docker/cli's loader.ParseVolume does. */
export interface VolumeSpec {
  type: 'bind' | 'volume';
  /** "" for an anonymous volume. */
  source: string;
  target: string;
}

export type ParsedVolume = { ok: true; volume: VolumeSpec } | { ok: false; reason: string };

const END = '\u0000';

export function parseVolumeSpec(spec: string): ParsedVolume {
  if (spec.length === 0) return { ok: false, reason: 'invalid empty volume spec' };
  if (spec.length <= 2) return { ok: true, volume: { type: 'volume', source: '', target: spec } };
  let source = '';
  let target = '';
  let buffer: string[] = [];
  for (const char of spec + END) {
    if (isWindowsDrive(buffer, char)) {
      buffer.push(char);
    } else if (char === ':' || char === END) {
      const text = buffer.join('');
      if (buffer.length === 0) return { ok: false, reason: `invalid spec: ${spec}: empty section between colons` };
      if (source === '' && char === END) target = text;
      else if (source === '') source = text;
      else if (target === '') target = text;
      else if (char === ':') return { ok: false, reason: `invalid spec: ${spec}: too many colons` };
      // a third section holds options (ro, rw, nocopy, propagation), which cannot be wrong here
      buffer = [];
    } else {
      buffer.push(char);
    }
  }
  return { ok: true, volume: { type: source !== '' && isFilePath(source) ? 'bind' : 'volume', source, target } };
}

function isWindowsDrive(buffer: string[], char: string): boolean {
  return char === ':' && buffer.length === 1 && /\p{L}/u.test(buffer[0]);
}

/** docker/cli treats a source as a host path when it starts with `.`, `/` or `~` (or is a Windows path). */
function isFilePath(source: string): boolean {
  if (['.', '/', '~'].includes(source[0])) return true;
  const chars = [...source];
  if (chars.length === 1) return false;
  if (source.startsWith('\\\\')) return true;
  return isWindowsDrive([chars[0]], chars[1]);
}

/** A host path that only means something next to the compose file, or in someone's home folder. */
export function isRelativeHostPath(source: string): boolean {
  return source.startsWith('.') || source.startsWith('~');
}

/** An absolute path on the machine that reads it (Unix, Windows drive or UNC). */
export function isAbsoluteHostPath(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\\\') || /^\p{L}:[\\/]/u.test(path);
}
