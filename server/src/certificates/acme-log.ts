import { parseTraefikLine } from './traefik-log.js';

/** DomainCheck.certificateStatus values a log line can give. */
export type AcmeStatus = 'dns' | 'challenge' | 'rate_limited' | 'account' | 'error';

export interface AcmeFinding {
  domain: string;
  status: AcmeStatus;
  /** plain words for the stack page and the event */
  message: string;
  /** Let's Encrypt's "retry after" time, for rate limits that give one */
  retryAfter: Date | null;
  /** the log line's own time, when it has one */
  at: Date | null;
}

// Messages Traefik v3 (pkg/provider/acme/provider.go) and v2 log when a certificate cannot be had.
const ACME_MESSAGE =
  /unable to obtain acme certificate|error renewing acme certificate|error getting acme certificate|cannot obtain certificates/i;

/**
 * Classifies one line of the ingress's logs (any of Traefik's formats, with or without the
 * `docker service logs` prefix already removed): null when it is not a certificate error.
 * lego's per-domain error ("error: one or more domains had a problem:\n[a] ...\n[b] ...")
 * gives each domain its own finding; otherwise the error applies to every domain of the line.
 */
export function classifyAcmeLine(raw: string): AcmeFinding[] {
  const line = parseTraefikLine(raw);
  const error = typeof line.fields.error === 'string' ? line.fields.error : '';
  const text = error ? `${line.message}: ${error}` : line.message;
  if (!ACME_MESSAGE.test(line.message) && !/acme: error|urn:(ietf:params:)?acme:error/i.test(text)) return [];
  if (line.level && !['error', 'warn', 'info', 'fatal'].includes(line.level)) return [];
  const at = line.time && !Number.isNaN(Date.parse(line.time)) ? new Date(line.time) : null;

  const perDomain = splitPerDomain(text);
  if (perDomain.size > 0) {
    return [...perDomain].map(([domain, problem]) => ({ domain, at, ...describe(domain, problem) }));
  }
  return domainsOf(line.fields.domains, text).map((domain) => ({ domain, at, ...describe(domain, text) }));
}

/** lego's obtainError: "[domain] problem" lines after "one or more domains had a problem:". */
function splitPerDomain(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const start = text.search(/one or more domains had a problem:/i);
  if (start === -1) return out;
  for (const m of text.slice(start).matchAll(/\[([^\]\s]+)\]\s+([^\n]*)/g)) {
    const domain = m[1].toLowerCase();
    if (!/^[a-z0-9*][a-z0-9.-]*\.[a-z0-9-]+$/.test(domain)) continue;
    out.set(domain, m[2].replace(/^\[[^\]]+\]\s+/, '').trim());
  }
  return out;
}

function domainsOf(field: string | string[] | undefined, text: string): string[] {
  const clean = (list: string[]) => [...new Set(list.map((d) => d.trim().toLowerCase()).filter((d) => d.includes('.')))];
  if (Array.isArray(field)) return clean(field);
  if (typeof field === 'string' && field) return clean(field.replace(/^\[|\]$/g, '').split(/[\s,]+/));
  // v2: msg="Unable to obtain ACME certificate for domains \"a,b\"..."; v3 renewals: "...: {Main:a SANs:[b]}"
  const quoted = /for domains "([^"]+)"/.exec(text);
  if (quoted) return clean(quoted[1].split(','));
  const bracket = /for the domains \[([^\]]*)\]/.exec(text);
  if (bracket) return clean(bracket[1].split(/\s+/));
  const main = /\{Main:(\S+) SANs:\[([^\]]*)\]\}/.exec(text) ?? /\{(\S+) \[([^\]]*)\]\}/.exec(text);
  if (main) return clean([main[1], ...main[2].split(/\s+/)]);
  return [];
}

/** The ACME problem's type (rateLimited, dns, ...) and its detail, from lego v4's or older lego's wording. */
function problemOf(text: string): { type: string | null; detail: string } {
  const m = /urn:(?:ietf:params:)?acme:error:(\w+)\s*(?:::|-)\s*([\s\S]*)$/.exec(text);
  if (!m) return { type: null, detail: text.trim() };
  const detail = m[2]
    .replace(/, url: ?\S*\s*$/, '')
    .replace(/^Error creating new (?:order|account|cert) :: /, '')
    .trim();
  return { type: m[1], detail };
}

const RETRY_AFTER = /retry after (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) UTC/;

function describe(domain: string, problem: string): { status: AcmeStatus; message: string; retryAfter: Date | null } {
  const { type, detail } = problemOf(problem);
  const lower = problem.toLowerCase();

  if (type === 'rateLimited' || /\b429\b.*rate/i.test(problem)) {
    const retry = RETRY_AFTER.exec(detail);
    const retryAfter = retry ? new Date(`${retry[1]}T${retry[2]}Z`) : null;
    const reason = detail
      .replace(/,? retry after \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC/, '')
      .replace(/: see https?:\/\/\S+$/, '')
      .trim();
    const when = retryAfter
      ? `it can be tried again after ${retry![1]} ${retry![2]} UTC`
      : 'wait before deploying again (see letsencrypt.org/docs/rate-limits)';
    return { status: 'rate_limited', retryAfter, message: `Let's Encrypt is rate-limiting ${domain} (${reason}): ${when}.` };
  }

  if (type === 'dns' || /dns problem|nxdomain|servfail/i.test(problem)) {
    const [what, todo] = /NXDOMAIN/.test(detail)
      ? ['the name does not exist in DNS (NXDOMAIN)', 'Add an A (or AAAA) record that points at a cluster node.']
      : /SERVFAIL/.test(detail)
        ? ["the domain's name servers failed to answer (SERVFAIL)", "Check the domain's DNS hosting."]
        : /no valid A records/i.test(detail)
          ? ['it has no A or AAAA record', 'Add an A (or AAAA) record that points at a cluster node.']
          : [detail, "Check the domain's DNS records."];
    return {
      status: 'dns',
      retryAfter: null,
      message: `Cannot obtain certificate for ${domain}: Let's Encrypt's DNS lookup failed: ${what}. ${todo}`,
    };
  }

  if (type === 'connection' || type === 'unauthorized' || type === 'incorrectResponse' || /acme-challenge/.test(problem)) {
    const address = /^(?:During secondary validation: )?(\S+?): (?:Fetching|Invalid response|Timeout|Connection)/.exec(detail)?.[1];
    const at = address ? ` at ${address}` : '';
    let why: string;
    if (/timeout during connect|firewall/i.test(detail)) why = `port 80${at} is unreachable (connection timed out: likely a firewall)`;
    else if (/connection refused/i.test(detail)) why = `port 80${at} is unreachable (connection refused)`;
    else if (/invalid response/i.test(detail)) {
      const code = /: (\d{3})\s*$/.exec(detail)?.[1];
      why = `port 80${at} answered${code ? ` HTTP ${code}` : ''} instead of Traefik's challenge response (the domain may point at another server, or something else answers port 80)`;
    } else why = `port 80${at} could not be used: ${detail}`;
    return { status: 'challenge', retryAfter: null, message: `HTTP challenge failed for ${domain}: ${why}.` };
  }

  if (/get directory at|dial tcp.*letsencrypt|i\/o timeout/i.test(problem) && !type) {
    return {
      status: 'error',
      retryAfter: null,
      message: `Cannot obtain certificate for ${domain}: Traefik could not reach Let's Encrypt (${detail.slice(-160)}).`,
    };
  }

  if (
    (type && ['invalidContact', 'invalidEmail', 'unsupportedContact', 'accountDoesNotExist', 'externalAccountRequired'].includes(type)) ||
    /new account|new-acct|contact email|e-mail address/i.test(lower)
  ) {
    return {
      status: 'account',
      retryAfter: null,
      message: `Let's Encrypt refused the ACME account, so no domain gets a certificate (${detail}): set a real e-mail address as the cluster's certificate e-mail.`,
    };
  }

  if (type === 'rejectedIdentifier' || type === 'caa' || type === 'malformed') {
    return { status: 'error', retryAfter: null, message: `Let's Encrypt will not issue a certificate for ${domain}: ${detail}.` };
  }
  return { status: 'error', retryAfter: null, message: `Cannot obtain certificate for ${domain}: ${detail}.` };
}
