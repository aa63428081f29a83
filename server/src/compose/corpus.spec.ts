import fs from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { ComposeIssue, ValidationResult } from './types.js';
import { validateStack } from './validate-stack.js';
import { corpusDir, readCorpusFile, readOracle, stackNameFor } from './testing/corpus.js';

/**
 * Our verdicts on the real-world corpus against `docker stack config` (Docker CLI 28.2, the
 * parser of `docker stack deploy`), recorded in shared/corpus/compose/STACK_CONFIG_ORACLE.csv.
 */
const oracle = readOracle();

/** The stricter rules of ours that may turn Docker's "accepted" into our "rejected". */
const STRICTER_RULES = {
  build: /^Service \S+ has `build` but no `image`/,
  image: /^Service \S+ has (no|an empty) `image`/,
  variable: /^\$\{\w+\} is not a stored secret/,
  'bind-mount': /mounts a path relative to the compose file/,
  'env-file': /^`env_file` in service /,
  'file-object': /^The (config|secret) \S+ is read from a file/,
} as const;
type StricterRule = keyof typeof STRICTER_RULES;

/**
 * Every file Docker accepts and we refuse, with the rules that refuse it. `docker stack config`
 * ignores build: (we warn, and refuse only a build with no image: nothing would build it),
 * substitutes an empty string for an unset variable, does not check that a
 * service names an image, and does not read bind-mount sources or secret/config files (deploy
 * would, on the machine running it, where a pasted stack brings no files).
 */
const STRICTER: Record<string, StricterRule[]> = {
  'BretFisher__dogvscat/stack-elk.override.yml': ['file-object', 'image'],
  'BretFisher__dogvscat/stack-elk.yml': ['file-object'],
  'BretFisher__dogvscat/stack-ghost.yml': ['file-object'],
  'BretFisher__dogvscat/stack-swarmprom.yml': ['file-object'],
  'docker__awesome-compose/angular__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/apache-php__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/aspnet-mssql__compose.yaml': ['build'],
  'docker__awesome-compose/django__compose.yaml': ['build'],
  'docker__awesome-compose/elasticsearch-logstash-kibana__compose.yaml': ['bind-mount'],
  'docker__awesome-compose/fastapi__compose.yaml': ['build'],
  'docker__awesome-compose/flask-redis__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/flask__compose.yaml': ['build'],
  'docker__awesome-compose/minecraft__compose.yaml': ['bind-mount'],
  'docker__awesome-compose/nginx-flask-mongo__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/nginx-golang__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/nginx-nodejs-redis__compose.yaml': ['build'],
  'docker__awesome-compose/nginx-wsgi-flask__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/pihole-cloudflared-DoH__compose.yaml': ['variable'],
  'docker__awesome-compose/postgresql-pgadmin__compose.yaml': ['variable'],
  'docker__awesome-compose/prometheus-grafana__compose.yaml': ['bind-mount'],
  'docker__awesome-compose/react-express-mongodb__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/react-express-mysql__compose.yaml': ['bind-mount', 'build', 'file-object'],
  'docker__awesome-compose/react-nginx__compose.yaml': ['build'],
  'docker__awesome-compose/sparkjava-mysql__compose.yaml': ['build', 'file-object'],
  'docker__awesome-compose/sparkjava__compose.yaml': ['build'],
  'docker__awesome-compose/spring-postgres__compose.yaml': ['build', 'file-object'],
  'docker__awesome-compose/traefik-golang__compose.yaml': ['build'],
  'docker__awesome-compose/vuejs__compose.yaml': ['bind-mount', 'build'],
  'docker__awesome-compose/wireguard__compose.yaml': ['variable'],
  'docker__cli/e2e__compose-env.connhelper-ssh.yaml': ['build'],
  'docker__cli/e2e__compose-env.yaml': ['build'],
  'docker__cli/e2e__stack__testdata__stack-with-named-resources.yml': ['file-object'],
  'getsentry__self-hosted/_integration-test__custom-ca-roots__docker-compose.test.yml': ['bind-mount'],
  'stefanprodan__swarmprom/docker-compose.yml': ['file-object'],
  'stefanprodan__swarmprom/weave-compose.yml': ['file-object', 'variable'],
  'vegasbrianc__prometheus/pwd-stack.yml': ['bind-mount', 'variable'],
};

/**
 * For every file Docker refuses: what Docker's first line says, and our error about the same
 * problem as [path, line, start of message].
 * The odd rows: plex's "decoding failed" is its volume `${PLEX_MEDIA_PATH}:/media/` becoming ":/media/"
 * once the unset variable is emptied; full-example's first line is only a warning, the failure is its
 * env_file (./example1.env does not exist); getsentry fails casting `retries: $HEALTHCHECK_FILE_RETRIES`
 * (emptied) to a number for snuba-errors-consumer, which merges that value from x-file-healthcheck.
 */
const SAME_PROBLEM: Record<string, [dockerSaid: string, path: string, line: number, message: string]> = {
  'docker__awesome-compose/nginx-aspnet-mysql__compose.yaml': [
    'services.backend.depends_on must be a list',
    'services.backend.depends_on',
    8,
    'depends_on in service backend must be a list of service names here',
  ],
  'docker__awesome-compose/nginx-flask-mysql__compose.yaml': [
    'services.backend.depends_on must be a list',
    'services.backend.depends_on',
    39,
    'depends_on in service backend must be a list of service names here',
  ],
  'docker__awesome-compose/nginx-golang-mysql__compose.yaml': [
    'services.backend.depends_on must be a list',
    'services.backend.depends_on',
    8,
    'depends_on in service backend must be a list of service names here',
  ],
  'docker__awesome-compose/nginx-golang-postgres__compose.yaml': [
    'services.backend.depends_on must be a list',
    'services.backend.depends_on',
    8,
    'depends_on in service backend must be a list of service names here',
  ],
  'docker__awesome-compose/plex__compose.yaml': [
    'decoding failed',
    'services.plex.volumes[0]',
    10,
    '${PLEX_MEDIA_PATH} is not a stored secret',
  ],
  'docker__awesome-compose/react-java-mysql__compose.yaml': [
    'services.backend.depends_on must be a list',
    'services.backend.depends_on',
    12,
    'depends_on in service backend must be a list of service names here',
  ],
  'docker__awesome-compose/react-rust-postgres__compose.yaml': [
    'Additional property name is not allowed',
    'name',
    1,
    'top-level `name` is not supported by docker stack deploy',
  ],
  'docker__awesome-compose/wasmedge-kafka-mysql__compose.yml': [
    'services.etl Additional property platform',
    'services.etl.platform',
    23,
    'Unknown key `platform` in service etl',
  ],
  'docker__awesome-compose/wasmedge-mysql-nginx__compose.yml': [
    'services.backend Additional property runtime',
    'services.backend.runtime',
    20,
    'Unknown key `runtime` in service backend',
  ],
  'docker__cli/cli__compose__loader__full-example.yml': [
    'ignoring IP-address',
    'services.foo.env_file',
    117,
    '`env_file` in service foo reads a file',
  ],
  'docker__cli/contrib__otel__compose.yaml': [
    'Additional property name is not allowed',
    'name',
    1,
    'top-level `name` is not supported by docker stack deploy',
  ],
  'dockersamples__example-voting-app/docker-compose.images.yml': [
    'services.result.depends_on must be a list',
    'services.result.depends_on',
    21,
    'depends_on in service result must be a list of service names here',
  ],
  'dockersamples__example-voting-app/docker-compose.yml': [
    'services.vote.depends_on must be a list',
    'services.vote.depends_on',
    10,
    'depends_on in service vote must be a list of service names here',
  ],
  'dockersamples__example-voting-app/result__docker-compose.test.yml': [
    'unsupported Compose file version: 2',
    'version',
    1,
    'unsupported Compose file version: 2 — ',
  ],
  'getsentry__self-hosted/docker-compose.yml': [
    'services.snuba-errors-consumer.healthcheck.retries: failed to cast',
    'x-file-healthcheck.retries',
    38,
    '${HEALTHCHECK_FILE_RETRIES} is not a stored secret',
  ],
  'stefanprodan__swarmprom/docker-compose.traefik.yml': [
    'services.grafana.deploy.labels.[]: required variable DOMAIN',
    'services.grafana.deploy.labels[3]',
    94,
    '${DOMAIN} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__portainer.yml': [
    'services.portainer.deploy.labels.[]: required variable DOMAIN',
    'services.portainer.deploy.labels[3]',
    36,
    '${DOMAIN} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__swarmpit.yml': [
    'services.app.deploy.labels.[]: required variable DOMAIN',
    'services.app.deploy.labels[3]',
    29,
    '${DOMAIN} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__swarmprom.yml': [
    'services.grafana.deploy.labels.[]: required variable DOMAIN',
    'services.grafana.deploy.labels[3]',
    94,
    '${DOMAIN} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__thelounge.yml': [
    'services.app.deploy.labels.[]: required variable DOMAIN',
    'services.app.deploy.labels[3]',
    18,
    '${DOMAIN} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__traefik-host-v1.yml': [
    'services.traefik.deploy.labels.[]: required variable DOMAIN',
    'services.traefik.deploy.labels[0]',
    58,
    '${DOMAIN} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__traefik-host.yml': [
    'services.traefik.command.[]: required variable EMAIL',
    'services.traefik.command[6]',
    76,
    '${EMAIL} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__traefik-v1.yml': [
    'services.traefik.deploy.labels.[]: required variable DOMAIN',
    'services.traefik.deploy.labels[0]',
    54,
    '${DOMAIN} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__traefik-v3.yml': [
    'services.traefik.deploy.labels.[]: required variable HASHED_PASSWORD',
    'services.traefik.deploy.labels[3]',
    30,
    '${HASHED_PASSWORD} is not a stored secret',
  ],
  'tiangolo__dockerswarm.rocks/docs__traefik.yml': [
    'services.traefik.deploy.labels.[]: required variable HASHED_PASSWORD',
    'services.traefik.deploy.labels[3]',
    30,
    '${HASHED_PASSWORD} is not a stored secret',
  ],
  'vegasbrianc__prometheus/docker-compose.yml': [
    'grafana/config.monitoring: no such file',
    'services.grafana.env_file',
    102,
    '`env_file` in service grafana reads a file',
  ],
  'vegasbrianc__prometheus/docker-prometheus.dockerapp__docker-compose.yml': [
    'grafana/config.monitoring: no such file',
    'services.grafana.env_file',
    97,
    '`env_file` in service grafana reads a file',
  ],
  'vegasbrianc__prometheus/docker-stack.yml': [
    'grafana/config.monitoring: no such file',
    'services.grafana.env_file',
    101,
    '`env_file` in service grafana reads a file',
  ],
  'vegasbrianc__prometheus/docker-traefik-stack.yml': [
    'grafana/config.monitoring: no such file',
    'services.grafana.env_file',
    139,
    '`env_file` in service grafana reads a file',
  ],
};

const results = new Map<string, ValidationResult>(
  oracle.map(({ file }) => [
    file,
    validateStack(stackNameFor(file), readCorpusFile(file), { secretNames: new Set(), domainsInUse: new Map() }),
  ]),
);

function rulesOf(errors: ComposeIssue[]): string[] {
  const rules = errors.map(
    (e) =>
      (Object.keys(STRICTER_RULES) as StricterRule[]).find((rule) => STRICTER_RULES[rule].test(e.message)) ??
      `not a stricter rule: ${e.message}`,
  );
  return [...new Set(rules)].sort();
}

describe('the corpus against docker stack config', () => {
  it('covers every file of the oracle, and the oracle covers the corpus', () => {
    const onDisk = fs.readdirSync(corpusDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
    expect(oracle.map((r) => r.file).sort()).toEqual(onDisk.sort());
    expect(oracle).toHaveLength(88);
  });

  it('rejects every file Docker rejects', () => {
    const accepted = oracle.filter((r) => r.verdict === 'rejected' && results.get(r.file)!.valid).map((r) => r.file);
    expect(accepted).toEqual([]);
  });

  it('differs from Docker on exactly the files of the STRICTER table', () => {
    const differing = oracle.filter((r) => r.verdict === 'accepted' && !results.get(r.file)!.valid).map((r) => r.file);
    expect(differing.sort()).toEqual(Object.keys(STRICTER).sort());
  });

  it.each(Object.entries(STRICTER))('refuses %s only for its stricter rules: %j', (file, rules) => {
    expect(rulesOf(results.get(file)!.errors)).toEqual([...rules].sort());
  });

  it.each(Object.entries(SAME_PROBLEM))("%s: Docker's reason is ours too, on the same line", (file, [dockerSaid, path, line, message]) => {
    const row = oracle.find((r) => r.file === file);
    expect(row?.verdict).toBe('rejected');
    expect(row?.dockerSaid).toContain(dockerSaid);
    const matching = results.get(file)!.errors.filter((e) => e.path === path && e.line === line && e.message.startsWith(message));
    expect(matching).toHaveLength(1);
  });

  it('has a same-problem entry for every file Docker rejects', () => {
    expect(
      oracle
        .filter((r) => r.verdict === 'rejected')
        .map((r) => r.file)
        .sort(),
    ).toEqual(Object.keys(SAME_PROBLEM).sort());
  });

  it('renders every file it accepts, unchanged when the file has no x-otternauts', () => {
    for (const { file } of oracle) {
      const result = results.get(file)!;
      if (!result.valid) continue;
      expect(result.rendered).toBe(readCorpusFile(file));
    }
  });
});
