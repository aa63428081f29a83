import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configSchema } from './config.schema.js';

/** Settings after validation. Injected with the AppConfig class as token. */
export class AppConfig {
  host: string;
  port: number;
  dataDir: string;
  databaseFile: string;
  secretKey?: string;
  adminToken?: string;
  /** OTTERNAUTS_PUBLIC_URL as an origin (https://mc.example.com), when set */
  publicUrl?: string;
  /** OTTERNAUTS_ALLOWED_HOSTS, lower-cased host[:port] entries */
  allowedHosts: string[];
  logLevel: string;
  minDockerVersion: string;
  traefikImage: string;
  serverCheckIntervalSeconds: number;
  statusRefreshIntervalSeconds: number;
  deployTimeoutSeconds: number;
  gitCloneTimeoutSeconds: number;
  gitFetchTimeoutSeconds: number;
  gitPollTickSeconds: number;
  metricsIntervalSeconds: number;
  metricsLiveIntervalSeconds: number;
  metricsRawRetentionSeconds: number;
  metricsMinuteRetentionSeconds: number;
  metricsQuarterRetentionSeconds: number;
  watchIntervalSeconds: number;
  degradedGraceSeconds: number;
  diskLowBytes: number;
  eventRetentionSeconds: number;
  notifyQuietPeriodSeconds: number;
  /** OTTERNAUTS_NOTIFY_ALLOW, lower-cased hosts, addresses or CIDR ranges */
  notifyAllow: string[];
  certificateCheckIntervalSeconds: number;
  buildTimeoutSeconds: number;
  buildCacheMaxAgeSeconds: number;
  buildContextMaxBytes: number;
  previewTtlSeconds: number;
  /** docker stack deploy --resolve-image: pin image digests from the registry ("always") or not */
  resolveImage: 'always' | 'changed' | 'never';
  webDir: string;
  /** OTTERNAUTS_ON_CLUSTER: Mission Control runs on a Swarm it manages, so whoever controls that Swarm controls it */
  onManagedCluster: boolean;
  testJobs: boolean;
  /** Only honoured with testJobs: where onboarding stops and waits to be killed. */
  testPauseAfter: 'swarm-init' | 'swarm-join' | null;
  version: string;
}

export class ConfigError extends Error {}

/** Variables that may also be given as a file path in NAME_FILE (Docker/Swarm secrets). */
const FILE_VARIABLES = ['OTTERNAUTS_SECRET_KEY', 'OTTERNAUTS_ADMIN_TOKEN'] as const;

const serverRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function readFileVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const name of FILE_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!file) continue;
    if (env[name]) throw new ConfigError(`${name} and ${name}_FILE are both set: keep one of them.`);
    try {
      out[name] = fs.readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`${name}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
  }
  return out;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** Validates the environment once, at start-up. Throws ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const withFiles = readFileVariables(env);
  const emptyAsUnset = Object.fromEntries(Object.entries(withFiles).filter(([, v]) => v !== ''));
  const parsed = configSchema.safeParse(emptyAsUnset);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const raw = parsed.data;
  if (!isLoopback(raw.OTTERNAUTS_HOST) && !raw.OTTERNAUTS_ADMIN_TOKEN) {
    throw new ConfigError(
      `OTTERNAUTS_HOST: Mission Control holds root SSH keys and will not listen on ${raw.OTTERNAUTS_HOST} ` +
        'without a login. Set OTTERNAUTS_ADMIN_TOKEN (or OTTERNAUTS_ADMIN_TOKEN_FILE), or listen on 127.0.0.1.',
    );
  }
  // a proxy or tunnel in front of a loopback listener exposes it just the same
  const exposedAs = [
    ...(raw.OTTERNAUTS_PUBLIC_URL ? [['OTTERNAUTS_PUBLIC_URL', new URL(raw.OTTERNAUTS_PUBLIC_URL).hostname] as const] : []),
    ...raw.OTTERNAUTS_ALLOWED_HOSTS.map((h) => ['OTTERNAUTS_ALLOWED_HOSTS', h.replace(/:\d+$/, '')] as const),
  ].find(([, name]) => !isLoopback(name.replace(/^\[(.*)\]$/, '$1')));
  if (exposedAs && !raw.OTTERNAUTS_ADMIN_TOKEN) {
    throw new ConfigError(
      `${exposedAs[0]}: Mission Control holds root SSH keys and will not answer as ${exposedAs[1]} without a login. ` +
        'Set OTTERNAUTS_ADMIN_TOKEN (or OTTERNAUTS_ADMIN_TOKEN_FILE), or use only localhost names.',
    );
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(serverRoot, '..', 'package.json'), 'utf8')) as { version: string };
  return Object.assign(new AppConfig(), {
    host: raw.OTTERNAUTS_HOST,
    port: raw.OTTERNAUTS_PORT,
    dataDir: raw.OTTERNAUTS_DATA_DIR,
    databaseFile: path.join(raw.OTTERNAUTS_DATA_DIR, 'mission_control.db'),
    secretKey: raw.OTTERNAUTS_SECRET_KEY?.trim(),
    adminToken: raw.OTTERNAUTS_ADMIN_TOKEN,
    publicUrl: raw.OTTERNAUTS_PUBLIC_URL,
    allowedHosts: raw.OTTERNAUTS_ALLOWED_HOSTS,
    logLevel: raw.OTTERNAUTS_LOG_LEVEL,
    minDockerVersion: raw.OTTERNAUTS_MIN_DOCKER_VERSION,
    traefikImage: raw.OTTERNAUTS_TRAEFIK_IMAGE,
    serverCheckIntervalSeconds: raw.OTTERNAUTS_SERVER_CHECK_INTERVAL,
    statusRefreshIntervalSeconds: raw.OTTERNAUTS_STATUS_REFRESH_INTERVAL,
    deployTimeoutSeconds: raw.OTTERNAUTS_DEPLOY_TIMEOUT,
    gitCloneTimeoutSeconds: raw.OTTERNAUTS_GIT_CLONE_TIMEOUT,
    gitFetchTimeoutSeconds: raw.OTTERNAUTS_GIT_FETCH_TIMEOUT,
    gitPollTickSeconds: raw.OTTERNAUTS_GIT_POLL_TICK,
    metricsIntervalSeconds: raw.OTTERNAUTS_METRICS_INTERVAL,
    metricsLiveIntervalSeconds: raw.OTTERNAUTS_METRICS_LIVE_INTERVAL,
    metricsRawRetentionSeconds: raw.OTTERNAUTS_METRICS_RAW_RETENTION,
    metricsMinuteRetentionSeconds: raw.OTTERNAUTS_METRICS_MINUTE_RETENTION,
    metricsQuarterRetentionSeconds: raw.OTTERNAUTS_METRICS_QUARTER_RETENTION,
    watchIntervalSeconds: raw.OTTERNAUTS_WATCH_INTERVAL,
    degradedGraceSeconds: raw.OTTERNAUTS_DEGRADED_GRACE,
    diskLowBytes: Math.round(raw.OTTERNAUTS_DISK_LOW_GB * 1024 ** 3),
    eventRetentionSeconds: raw.OTTERNAUTS_EVENT_RETENTION,
    notifyQuietPeriodSeconds: raw.OTTERNAUTS_NOTIFY_QUIET_PERIOD,
    notifyAllow: raw.OTTERNAUTS_NOTIFY_ALLOW,
    certificateCheckIntervalSeconds: raw.OTTERNAUTS_CERTIFICATE_CHECK_INTERVAL,
    buildTimeoutSeconds: raw.OTTERNAUTS_BUILD_TIMEOUT,
    buildCacheMaxAgeSeconds: raw.OTTERNAUTS_BUILD_CACHE_MAX_AGE,
    buildContextMaxBytes: raw.OTTERNAUTS_BUILD_CONTEXT_MAX_MB * 1024 * 1024,
    previewTtlSeconds: raw.OTTERNAUTS_PREVIEW_TTL,
    resolveImage: raw.OTTERNAUTS_RESOLVE_IMAGE,
    webDir: path.resolve(raw.OTTERNAUTS_WEB_DIR ?? path.join(serverRoot, '..', 'web', 'build')),
    onManagedCluster: raw.OTTERNAUTS_ON_CLUSTER,
    testJobs: raw.OTTERNAUTS_TEST_JOBS,
    testPauseAfter: raw.OTTERNAUTS_TEST_JOBS ? (raw.OTTERNAUTS_TEST_PAUSE_AFTER ?? null) : null,
    version: pkg.version,
  });
}

export { isLoopback, serverRoot };
