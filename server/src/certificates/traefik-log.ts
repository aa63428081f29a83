/** One Traefik log line, whichever format wrote it. */
export interface TraefikLine {
  time: string | null;
  /** lower case: error, warn, info, debug, ... */
  level: string | null;
  message: string;
  /** the structured fields (error, domains, routerName, ...); domains stays a list when it was one */
  fields: Record<string, string | string[]>;
}

// zerolog's ConsoleWriter colours every part unless --log.nocolor is set, and Traefik v3 sets
// nothing by default: the default format reaches `docker service logs` with ANSI escapes.
// eslint-disable-next-line no-control-regex -- the escape character is exactly what is matched
const ANSI = /\x1b\[[0-9;]*m/g;
const ZEROLOG_LEVELS: Record<string, string> = {
  TRC: 'trace',
  DBG: 'debug',
  INF: 'info',
  WRN: 'warn',
  ERR: 'error',
  FTL: 'fatal',
  PNC: 'panic',
};
// v3 common format: "<RFC 3339> ERR [<file:line> > ]<message> key=value ..." (the caller only at debug level)
const ZEROLOG = /^(\d{4}-\d{2}-\d{2}T\S+)\s+(TRC|DBG|INF|WRN|ERR|FTL|PNC)\s+(?:\S+:\d+\s+>\s+)?(.*)$/;
// v2 (logrus): time="..." level=error msg="..." key=value ...
const LOGRUS = /^time="([^"]*)"\s+level=(\w+)\s+msg=("(?:[^"\\]|\\.)*"|\S+)\s*(.*)$/;
// "ACME CA" is the one field name with a space (Traefik's logs.go names it so)
const KEY = /(?:^|\s)(ACME CA|[A-Za-z][\w.]*)=/g;

export function parseTraefikLine(raw: string): TraefikLine {
  const text = raw.replace(ANSI, '').trim();
  if (text.startsWith('{')) {
    const json = parseJson(text);
    if (json) return json;
  }
  const logrus = LOGRUS.exec(text);
  if (logrus) {
    return { time: logrus[1], level: logrus[2].toLowerCase(), message: unquote(logrus[3]), fields: parseFields(logrus[4]) };
  }
  const zerolog = ZEROLOG.exec(text);
  const body = zerolog ? zerolog[3] : text;
  KEY.lastIndex = 0;
  const first = KEY.exec(body);
  const split = first ? first.index : body.length;
  return {
    time: zerolog ? zerolog[1] : null,
    level: zerolog ? ZEROLOG_LEVELS[zerolog[2]] : null,
    message: body.slice(0, split).trim(),
    fields: parseFields(body.slice(split)),
  };
}

function parseJson(text: string): TraefikLine | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const o = value as Record<string, unknown>;
  const fields: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(o)) {
    if (['level', 'time', 'message', 'msg'].includes(k)) continue;
    if (Array.isArray(v)) fields[k] = v.map(String);
    else if (v !== null && v !== undefined) fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  return { time: str(o.time), level: str(o.level)?.toLowerCase() ?? null, message: str(o.message) ?? str(o.msg) ?? '', fields };
}

/** key=value pairs: values are bare, Go-quoted ("...\"..."), or a JSON list (zerolog's Strs). */
function parseFields(text: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  let rest = text.trim();
  while (rest.length > 0) {
    const key = /^(ACME CA|[A-Za-z][\w.]*)=/.exec(rest);
    if (!key) {
      // not a field (a value with spaces that was not quoted): skip a word
      rest = rest.replace(/^\S+\s*/, '');
      continue;
    }
    rest = rest.slice(key[0].length);
    let value: string | string[];
    if (rest.startsWith('"')) {
      const quoted = /^"(?:[^"\\]|\\.)*"/.exec(rest);
      const token = quoted ? quoted[0] : rest;
      value = unquote(token);
      rest = rest.slice(token.length);
    } else if (rest.startsWith('[')) {
      const end = rest.indexOf(']');
      const token = end === -1 ? rest : rest.slice(0, end + 1);
      value = parseList(token);
      rest = rest.slice(token.length);
    } else {
      // bare values may hold spaces (rule=Host(`a`) && Path(`/`) is quoted, but be lenient): up to the next key
      KEY.lastIndex = 0;
      const next = KEY.exec(rest);
      const token = next ? rest.slice(0, next.index) : rest;
      value = token.trim();
      rest = rest.slice(token.length);
    }
    fields[key[1]] = value;
    rest = rest.trimStart();
  }
  return fields;
}

function parseList(token: string): string[] {
  try {
    const list = JSON.parse(token) as unknown;
    if (Array.isArray(list)) return list.map(String);
  } catch {
    // Go's %v of a slice: [a b]
  }
  return token
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .map((s) => s.replace(/^"|"$/g, ''))
    .filter(Boolean);
}

/** Go's strconv.Quote form (what zerolog and logrus write) back to text. */
function unquote(token: string): string {
  if (!token.startsWith('"')) return token;
  try {
    return JSON.parse(token) as string;
  } catch {
    return token
      .slice(1, token.endsWith('"') ? -1 : undefined)
      .replace(/\\n/g, '\n')
      .replace(/\\t/g, '\t')
      .replace(/\\(.)/g, '$1');
  }
}
