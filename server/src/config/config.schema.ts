import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

function expandHome(dir: string): string {
  return dir === '~' || dir.startsWith('~/') ? path.join(os.homedir(), dir.slice(1)) : dir;
}

/** host[:port] as a Host header carries it: a DNS name, an IPv4 address or a bracketed IPv6 address. */
const HOST_PORT = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

function publicUrl(value: string, ctx: z.RefinementCtx): string {
  const hint = 'must be the address people open Mission Control at, such as https://mc.example.com';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: `${hint} (${JSON.stringify(value)} is not a URL)` });
    return z.NEVER;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    ctx.addIssue({ code: 'custom', message: `${hint}: http:// or https://, not ${url.protocol}` });
  } else if (url.username || url.password || url.search || url.hash || url.pathname !== '/') {
    // the dashboard lives at the root of its origin; a path would not be honoured anyway
    ctx.addIssue({ code: 'custom', message: `${hint}: scheme, host and port only (no path, query or user)` });
  }
  return url.origin;
}

function allowedHosts(value: string, ctx: z.RefinementCtx): string[] {
  const hosts = value
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h !== '');
  for (const host of hosts) {
    if (!HOST_PORT.test(host) || Number(/:(\d+)$/.exec(host)?.[1] ?? 0) > 65535) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(host)} is not a host[:port] such as mc.example.com or 192.168.1.5:8080 (comma-separated list)`,
      });
    }
  }
  return hosts;
}

/** 0/1 (or false/true), off when unset. */
const flag = () =>
  z
    .enum(['0', '1', 'true', 'false'], { error: 'must be 0 or 1' })
    .default('0')
    .transform((v) => v === '1' || v === 'true');

const seconds = (fallback: number, min: number) =>
  z.coerce
    .number({ error: 'must be a number of seconds' })
    .int('must be a whole number of seconds')
    .min(min, `must be at least ${min}`)
    .default(fallback);

/** Every setting Mission Control reads, with its default. Names are the environment's. */
export const configSchema = z.object({
  OTTERNAUTS_HOST: z.string().min(1).default('127.0.0.1'),
  OTTERNAUTS_PORT: z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(8080),
  OTTERNAUTS_DATA_DIR: z
    .string()
    .min(1)
    .default('~/.otternauts')
    .transform((dir) => path.resolve(expandHome(dir))),
  OTTERNAUTS_SECRET_KEY: z
    .string()
    .optional()
    .refine((key) => key === undefined || Buffer.from(key, 'base64').length === 32, {
      message: 'must be the base64 encoding of exactly 32 bytes (generate one with: openssl rand -base64 32)',
    })
    .refine((key) => key === undefined || /^[A-Za-z0-9+/]+={0,2}$/.test(key.trim()), {
      message: 'must be base64 (A-Z, a-z, 0-9, +, /, =)',
    }),
  OTTERNAUTS_ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters (generate one with: openssl rand -hex 32)').optional(),
  /** The origin Mission Control is opened at behind a proxy or under a DNS name: its host is an allowed Host, its origin an allowed Origin. */
  OTTERNAUTS_PUBLIC_URL: z.string().transform(publicUrl).optional(),
  /** More host[:port] names Mission Control answers to (the Host header), comma-separated. */
  OTTERNAUTS_ALLOWED_HOSTS: z.string().transform(allowedHosts).default([]),
  OTTERNAUTS_LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  OTTERNAUTS_MIN_DOCKER_VERSION: z
    .string()
    .regex(/^\d+(\.\d+){0,2}$/, 'must be a version such as 24.0')
    .default('24.0'),
  OTTERNAUTS_TRAEFIK_IMAGE: z.string().min(1).default('traefik:v3.7.5'),
  OTTERNAUTS_SERVER_CHECK_INTERVAL: seconds(60, 5),
  OTTERNAUTS_STATUS_REFRESH_INTERVAL: seconds(10, 2),
  OTTERNAUTS_DEPLOY_TIMEOUT: seconds(300, 10),
  /** The first fetch of a repository (a clone into its mirror) may take this long. */
  OTTERNAUTS_GIT_CLONE_TIMEOUT: seconds(600, 5),
  /** Later fetches and `git ls-remote` may take this long. */
  OTTERNAUTS_GIT_FETCH_TIMEOUT: seconds(120, 5),
  /** How often the poller wakes to see which stacks are due (each stack has its own interval). */
  OTTERNAUTS_GIT_POLL_TICK: seconds(10, 1),
  /** Every server is sampled (host and containers' CPU and memory) this often. */
  OTTERNAUTS_METRICS_INTERVAL: seconds(30, 5),
  /** Servers and stacks a dashboard page is showing are sampled this often. */
  OTTERNAUTS_METRICS_LIVE_INTERVAL: seconds(5, 1),
  /** Raw samples are kept this long, then only 1-minute points. */
  OTTERNAUTS_METRICS_RAW_RETENTION: seconds(3600, 60),
  /** 1-minute points are kept this long, then only 15-minute points. */
  OTTERNAUTS_METRICS_MINUTE_RETENTION: seconds(86_400, 3600),
  /** 15-minute points are kept this long. */
  OTTERNAUTS_METRICS_QUARTER_RETENTION: seconds(2_592_000, 86_400),
  /** How often every service's replicas and health are looked at for incidents. */
  OTTERNAUTS_WATCH_INTERVAL: seconds(15, 1),
  /** A service runs fewer replicas than desired for this long before it is "degraded". */
  OTTERNAUTS_DEGRADED_GRACE: seconds(60, 0),
  /** Free disk space where Docker keeps its data below this many gigabytes is "disk low". */
  OTTERNAUTS_DISK_LOW_GB: z.coerce.number({ error: 'must be a number of gigabytes' }).positive('must be more than 0').default(5),
  /** Events are kept this long. */
  OTTERNAUTS_EVENT_RETENTION: seconds(7_776_000, 3600),
  /** After a notification about an incident, a channel holds further ones this long and then sends one summary. */
  OTTERNAUTS_NOTIFY_QUIET_PERIOD: seconds(300, 0),
  /** Hosts, addresses or CIDR ranges notification URLs may point at although they are loopback or link-local, comma-separated. */
  OTTERNAUTS_NOTIFY_ALLOW: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter((h) => h !== ''),
    )
    .default([]),
  /** How often Traefik's logs are read for certificate (ACME) errors, and domains' DNS checked. */
  OTTERNAUTS_CERTIFICATE_CHECK_INTERVAL: seconds(300, 10),
  /** A build (one service's image, context upload to push) is stopped after this long. */
  OTTERNAUTS_BUILD_TIMEOUT: seconds(1800, 30),
  /** The build server's cache and images built from repositories are pruned once older than this. */
  OTTERNAUTS_BUILD_CACHE_MAX_AGE: seconds(604_800, 3600),
  /** A build context (the context folder of the commit, as a tar archive) may be at most this many megabytes. */
  OTTERNAUTS_BUILD_CONTEXT_MAX_MB: z.coerce
    .number({ error: 'must be a number of megabytes' })
    .int('must be a whole number')
    .min(1)
    .default(512),
  /** A preview is torn down this long after its request's last open, reopen or push. */
  OTTERNAUTS_PREVIEW_TTL: seconds(604_800, 60),
  OTTERNAUTS_RESOLVE_IMAGE: z.enum(['always', 'changed', 'never'], { error: 'must be always, changed or never' }).default('always'),
  OTTERNAUTS_WEB_DIR: z.string().optional(),
  /** 1 when Mission Control runs on a cluster it manages (templates/mission-control.stack.yml sets it): the dashboard warns. */
  OTTERNAUTS_ON_CLUSTER: flag(),
  OTTERNAUTS_TEST_JOBS: flag(),
  /** Test only, with OTTERNAUTS_TEST_JOBS=1: a step waits forever at this point (kill tests). */
  OTTERNAUTS_TEST_PAUSE_AFTER: z.enum(['swarm-init', 'swarm-join'], { error: 'must be swarm-init or swarm-join' }).optional(),
});

export type RawConfig = z.infer<typeof configSchema>;
