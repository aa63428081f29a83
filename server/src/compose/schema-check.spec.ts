import { describe, expect, it } from '@jest/globals';
import { DEFAULT_VERSION, isGoDuration, SCHEMA_VERSIONS } from './compose-schemas.js';
import { check, yaml } from './testing/validate.js';

const web = (...lines: string[]) => yaml('services:', '  web:', '    image: nginx:1.27', ...lines);

describe('Compose file version, as docker/cli picks the schema', () => {
  it('knows docker/cli 3.0 to 3.13 schemas and uses the newest without a version', () => {
    expect(SCHEMA_VERSIONS).toEqual(['3.0', '3.1', '3.2', '3.3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13']);
    expect(DEFAULT_VERSION).toBe('3.13');
    expect(check(web()).valid).toBe(true);
    expect(check(yaml('version: "3"', 'services:', '  web:', '    image: nginx')).valid).toBe(true);
  });

  it('refuses version 2 with the reason and the remedy', () => {
    expect(check(yaml('version: "2"', 'services:', '  web:', '    image: nginx')).errors).toEqual([
      {
        message: 'unsupported Compose file version: 2 — docker stack deploy needs version 3.x or no version.',
        line: 1,
        column: 10,
        path: 'version',
      },
    ]);
  });

  it('refuses a 3.x version docker/cli has no schema for', () => {
    expect(check(yaml('version: "3.14"', 'services:', '  web:', '    image: nginx')).errors[0].message).toBe(
      'unsupported Compose file version: 3.14 — docker stack deploy reads versions 3.0 to 3.13, or no version at all.',
    );
  });

  it('asks for quotes around a version written as a number, which the schema refuses', () => {
    expect(check(yaml('version: 3.8', 'services:', '  web:', '    image: nginx')).errors).toEqual([
      { message: '`version` must be text: write it in quotes, like version: "3.8".', line: 1, column: 10, path: 'version' },
    ]);
  });
});

describe('schema errors, one clear message on the offending line', () => {
  it('names a key docker stack deploy does not know, on its line', () => {
    expect(check(yaml('services:', '  etl:', '    image: x', '    platform: linux/amd64')).errors).toEqual([
      {
        message: 'Unknown key `platform` in service etl: docker stack deploy does not support it.',
        line: 4,
        column: 5,
        path: 'services.etl.platform',
      },
    ]);
  });

  it('explains top-level name', () => {
    expect(check(yaml('name: shop', 'services:', '  web:', '    image: x')).errors).toEqual([
      {
        message: "top-level `name` is not supported by docker stack deploy: the stack's name is set in Otternauts.",
        line: 1,
        column: 1,
        path: 'name',
      },
    ]);
  });

  it('explains the depends_on condition form', () => {
    const result = check(web('    depends_on:', '      db:', '        condition: service_healthy', '  db:', '    image: postgres:16'));
    expect(result.errors).toEqual([
      {
        message:
          'depends_on in service web must be a list of service names here (the condition form belongs to the Compose Specification, which docker stack deploy does not read).',
        line: 4,
        column: 5,
        path: 'services.web.depends_on',
      },
    ]);
  });

  it('says which version a newer key needs', () => {
    const result = check(yaml('version: "3.3"', 'services:', '  web:', '    image: x', '    healthcheck:', '      start_period: 10s'));
    expect(result.errors).toEqual([
      {
        message:
          'Unknown key `start_period` in `healthcheck` in service web: docker stack deploy does not support it with version "3.3": it needs version "3.4" or later.',
        line: 6,
        column: 7,
        path: 'services.web.healthcheck.start_period',
      },
    ]);
  });

  it('suggests quotes when text is expected and YAML read a number or a boolean', () => {
    expect(check(web('    environment:', '      DEBUG: yes')).errors).toEqual([
      {
        message:
          '`environment.DEBUG` in service web must be text, a number or empty, but it is the boolean true: put it in quotes, like "yes".',
        line: 5,
        column: 14,
        path: 'services.web.environment.DEBUG',
      },
    ]);
    expect(check(web('    deploy:', '      resources:', '        limits:', '          cpus: 0.5')).errors[0].message).toBe(
      '`deploy.resources.limits.cpus` in service web must be text, but it is the number 0.5: put it in quotes, like "0.5".',
    );
  });

  it('lists the accepted forms when a value fits none of them', () => {
    expect(check(web('    environment: FOO=bar')).errors).toEqual([
      {
        message: '`environment` in service web must be a mapping or a list, but it is text.',
        line: 4,
        column: 18,
        path: 'services.web.environment',
      },
    ]);
  });

  it('explains a value against the form it came closest to', () => {
    const result = check(web('    ports:', '      - target: 80', '        published: "8080"', '        bogus: 1'));
    expect(result.errors).toEqual([
      {
        message: '`ports[0].published` in service web must be a whole number, but it is text.',
        line: 6,
        column: 20,
        path: 'services.web.ports[0].published',
      },
      {
        message: 'Unknown key `bogus` in `ports[0]` in service web: docker stack deploy does not support it.',
        line: 7,
        column: 9,
        path: 'services.web.ports[0].bogus',
      },
    ]);
  });

  it('checks durations as Go reads them', () => {
    expect(check(web('    healthcheck:', '      interval: 10 seconds')).errors).toEqual([
      {
        message: '`healthcheck.interval` in service web must be a duration such as 30s, 1m30s or 500ms (it is "10 seconds").',
        line: 5,
        column: 17,
        path: 'services.web.healthcheck.interval',
      },
    ]);
    expect(['1h30m', '500ms', '-1.5h', '0', '2us', '1µs'].every(isGoDuration)).toBe(true);
    expect(['', '10', '1d', '1 h', 'h'].some(isGoDuration)).toBe(false);
  });

  it('names allowed values', () => {
    expect(check(web('    deploy:', '      update_config:', '        order: random')).errors[0].message).toBe(
      '`deploy.update_config.order` in service web must be one of: start-first, stop-first (it is "random").',
    );
  });

  it('places a missing key at the mapping that lacks it', () => {
    expect(check(web('    volumes:', '      - source: data', '        target: /data', 'volumes:', '  data:')).errors).toEqual([
      { message: '`volumes[0]` in service web needs `type`.', line: 5, column: 9, path: 'services.web.volumes[0]' },
    ]);
  });

  it('refuses service names the schema does not allow', () => {
    expect(check(yaml('services:', '  "my app":', '    image: x')).errors).toEqual([
      {
        message: 'The service name `my app` may only contain letters, digits, `.`, `_` and `-`.',
        line: 2,
        column: 3,
        path: 'services.my app',
      },
    ]);
  });

  it('gives docker/cli advice for the keys it forbids, once', () => {
    expect(check(web('    mem_limit: 1g')).errors).toEqual([
      {
        message: '`mem_limit` in service web is not supported by docker stack deploy: set resource limits with deploy.resources.',
        line: 4,
        column: 5,
        path: 'services.web.mem_limit',
      },
    ]);
  });

  it('does not call two values from stored secrets duplicates', () => {
    const ports = web('    ports:', '      - target: ${PORT_A}', '      - target: ${PORT_B}');
    expect(check(ports, { secretNames: new Set(['PORT_A', 'PORT_B']) }).errors).toEqual([]);
    expect(check(web('    dns: [1.1.1.1, 1.1.1.1]')).errors.map((e) => e.message)).toEqual([
      '`dns` in service web lists "1.1.1.1" twice: each item may appear once.',
    ]);
  });

  it('does not judge values that come from stored secrets', () => {
    const result = check(web('    deploy:', '      replicas: ${REPLICAS}', '    stop_grace_period: ${GRACE}'), {
      secretNames: new Set(['REPLICAS', 'GRACE']),
    });
    expect(result.errors).toEqual([]);
  });

  it('validates what substitution gives, casting as docker/cli does (a default that is not a number is an error)', () => {
    expect(check(web('    deploy:', '      replicas: ${REPLICAS:-3}')).valid).toBe(true);
    expect(check(web('    deploy:', '      replicas: ${REPLICAS:-three}')).errors).toEqual([
      {
        message: '`deploy.replicas` in service web must be a whole number, but substituting variables gives "three".',
        line: 5,
        column: 17,
        path: 'services.web.deploy.replicas',
      },
    ]);
    // Without substitution there is no cast: a quoted number stays text, as for Docker.
    expect(check(web('    deploy:', '      replicas: "3"')).errors[0].message).toBe(
      '`deploy.replicas` in service web must be a whole number, but it is text.',
    );
  });

  it('reads extension fields as the version allows them', () => {
    expect(check(yaml('version: "3.0"', 'x-foo: 1', 'services:', '  web:', '    image: x')).errors[0].message).toBe(
      'Unknown top-level key `x-foo`: docker stack deploy does not support it with version "3.0": it needs version "3.4" or later.',
    );
    expect(check(yaml('version: "3.4"', 'x-foo: 1', 'services:', '  web:', '    image: x')).valid).toBe(true);
  });

  it('validates x-otternauts files of any 3.x version, since Docker never sees our extension', () => {
    expect(check(yaml('version: "3.0"', 'services:', '  web:', '    image: x', '    x-otternauts:', '      port: 80')).valid).toBe(true);
  });
});
