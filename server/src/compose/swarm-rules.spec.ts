import { describe, expect, it } from '@jest/globals';
import { check, yaml } from './testing/validate.js';

const web = (...lines: string[]) => yaml('services:', '  web:', '    image: nginx:1.27', ...lines);

describe('what Otternauts needs from a stack (stricter than docker stack deploy)', () => {
  it('needs an image in every service, placed at the service that lacks it', () => {
    expect(check(yaml('services:', '  web:', '    command: serve')).errors).toEqual([
      {
        message: 'Service web has no `image`: Otternauts runs pre-built images, so name the one to run (for example image: nginx:1.27).',
        line: 2,
        column: 3,
        path: 'services.web.image',
      },
    ]);
    expect(check(yaml('services:', '  web:', '    image: ""')).errors[0].message).toBe(
      'Service web has an empty `image`: name the image to run.',
    );
  });

  it('warns that docker stack deploy ignores build next to an image', () => {
    const result = check(web('    build: .'));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toContainEqual({
      message: '`build` in service web is ignored by docker stack deploy: the image nginx:1.27 is deployed as it is in its registry.',
      line: 4,
      column: 5,
      path: 'services.web.build',
    });
  });

  it('refuses build without an image, once, saying to build and push it first', () => {
    const result = check(yaml('services:', '  web:', '    build:', '      context: .'));
    expect(result.errors).toEqual([
      {
        message:
          'Service web has `build` but no `image`: docker stack deploy does not build images. Build and push the image (for example docker build -t registry.example.com/app:1 . && docker push registry.example.com/app:1), then name it in `image`.',
        line: 3,
        column: 5,
        path: 'services.web.build',
      },
    ]);
  });

  it('refuses env_file, since a pasted file brings no other file', () => {
    expect(check(web('    env_file: .env')).errors).toEqual([
      {
        message:
          '`env_file` in service web reads a file, and a pasted stack brings no files with it: move the variables into `environment` (store secret values under Secrets and write ${NAME}), or keep the stack in a repository, where env files beside the Compose file are read.',
        line: 4,
        column: 5,
        path: 'services.web.env_file',
      },
    ]);
  });

  it('refuses bind mounts relative to the compose file or a home folder, in short and long syntax', () => {
    const result = check(
      web(
        '    volumes:',
        '      - ./html:/usr/share/nginx/html',
        '      - ~/conf:/etc/nginx',
        '      - type: bind',
        '        source: ../data',
        '        target: /data',
      ),
    );
    const relative =
      'mounts a path relative to the compose file (or a home folder), and a pasted stack brings no files with it: use a named volume, a config for a single file, or an absolute path that exists on the nodes.';
    expect(result.errors).toEqual([
      {
        message: `The volume "./html:/usr/share/nginx/html" in service web ${relative}`,
        line: 5,
        column: 9,
        path: 'services.web.volumes[0]',
      },
      { message: `The volume "~/conf:/etc/nginx" in service web ${relative}`, line: 6, column: 9, path: 'services.web.volumes[1]' },
      { message: `The volume with source ../data in service web ${relative}`, line: 7, column: 9, path: 'services.web.volumes[2]' },
    ]);
  });

  it('accepts absolute bind mounts and declared named volumes', () => {
    expect(
      check(
        web(
          '    volumes:',
          '      - /var/run/docker.sock:/var/run/docker.sock:ro',
          '      - data:/data',
          '      - /cache',
          'volumes:',
          '  data:',
        ),
      ).errors,
    ).toEqual([]);
  });

  it('refuses config and secret files in a pasted stack, which has no folder', () => {
    const text = web(
      '    configs: [site]',
      '    secrets: [key]',
      'configs:',
      '  site:',
      '    file: ./site.conf',
      'secrets:',
      '  key:',
      '    file: /etc/key',
    );
    const expected = [
      {
        message:
          'The config site is read from a file, and a pasted stack has no folder: `file:` needs the stack in a repository (then the file is read beside the Compose file at the deployed commit), or create the config on the cluster (docker config create) and declare it with `external: true`.',
        line: 8,
        column: 5,
        path: 'configs.site.file',
      },
      {
        message:
          'The secret key is read from a file, and a pasted stack has no folder: `file:` needs the stack in a repository (then the file is read beside the Compose file at the deployed commit), or create the secret on the cluster (docker secret create) and declare it with `external: true`.',
        line: 11,
        column: 5,
        path: 'secrets.key.file',
      },
    ];
    expect(check(text).errors).toEqual(expected);
    expect(check(text, { files: 'none' }).errors).toEqual(expected);
  });

  it('refuses references docker stack deploy cannot resolve (undefined network, volume, secret, config)', () => {
    const result = check(
      web('    networks: [front]', '    volumes: ["data:/data"]', '    secrets: [key]', '    configs: [{source: site, target: /site}]'),
    );
    expect(result.errors.map((e) => [e.path, e.message])).toEqual([
      [
        'services.web.networks[0]',
        'Service web joins the network front, which is not declared under the top-level `networks`: add it there (docker stack deploy stops with "undefined network").',
      ],
      [
        'services.web.volumes[0]',
        'The volume data used by service web is not declared under the top-level `volumes`: add it there (docker stack deploy stops with "undefined volume").',
      ],
      [
        'services.web.secrets[0]',
        'Service web uses the secret key, which is not declared under the top-level `secrets`: add it there (docker stack deploy stops with "undefined secret").',
      ],
      [
        'services.web.configs[0]',
        'Service web uses the config site, which is not declared under the top-level `configs`: add it there (docker stack deploy stops with "undefined config").',
      ],
    ]);
  });

  it('refuses volume and port specs docker/cli cannot read', () => {
    expect(check(web('    volumes: [":/data"]', '    ports: ["80:80:80:80", "8080-8081:80-82"]')).errors.map((e) => e.message)).toEqual([
      'The volume ":/data" in service web is not valid: invalid spec: :/data: empty section between colons.',
      'The port "80:80:80:80" in service web is not valid: invalid IP address: 80:80.',
      'The port "8080-8081:80-82" in service web is not valid: invalid ranges specified for container and host Ports: 80-82 and 8080-8081.',
    ]);
  });
});

describe('a stack from a repository (files: repository)', () => {
  const fromRepository = { files: 'repository' as const };

  it('accepts config and secret files and every form of env_file docker/cli reads', () => {
    const result = check(
      web(
        '    env_file: ./web.env',
        '    configs: [site]',
        '    secrets: [key]',
        '  api:',
        '    image: api',
        '    env_file: [common.env, ./api.env]',
        'configs:',
        '  site: {file: ./site.conf}',
        'secrets:',
        '  key: {file: ./keys/site.key, name: site-key}',
      ),
      fromRepository,
    );
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('still refuses env_file entries docker/cli cannot read ({path, required} is not in its schemas)', () => {
    const result = check(web('    env_file:', '      - path: ./web.env', '        required: false'), fromRepository);
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => [e.path, e.line, e.message])).toEqual([
      ['services.web.env_file[0]', 5, '`env_file[0]` in service web must be text, but it is a mapping.'],
    ]);
  });

  it('refuses relative bind mounts, saying only named files are sent', () => {
    expect(check(web('    volumes: ["./html:/usr/share/nginx/html"]'), fromRepository).errors.map((e) => e.message)).toEqual([
      'The volume "./html:/usr/share/nginx/html" in service web mounts a path relative to the compose file (or a home folder), and Otternauts sends the manager only the files that configs, secrets and env_file name: use a named volume, a config for a single file, or an absolute path that exists on the nodes.',
    ]);
  });

  it('notes that a version before 3.5 is raised for configs and secrets read from files, since they get a name', () => {
    const text = (version: string) =>
      yaml(`version: "${version}"`, 'services:', '  web:', '    image: nginx', 'configs:', '  site:', '    file: ./site.conf');
    const old = check(text('3.3'), fromRepository);
    expect(old.errors).toEqual([]);
    expect(old.warnings).toEqual([
      {
        message:
          'Version 3.3 cannot name configs and secrets, and Otternauts names each one read from a file by its content (configs.site), so that a changed file rolls out: the deployed file says version "3.5" (write it here to make that visible).',
        line: 1,
        column: 10,
        path: 'version',
      },
    ]);
    expect(check(text('3.5'), fromRepository).warnings).toEqual([]);
    expect(check(text('3.13'), fromRepository).warnings).toEqual([]);
    // external objects are not named by Otternauts, so an old version is fine for them
    expect(
      check(yaml('version: "3.3"', 'services:', '  web:', '    image: nginx', 'configs:', '  site:', '    external: true'), fromRepository)
        .warnings,
    ).toEqual([]);
  });
});

describe('keys Swarm ignores are warnings that say what to use instead', () => {
  it.each([
    [
      'container_name: web',
      'Swarm ignores `container_name` in service web: Swarm names the containers itself; other services reach this one by its service name.',
    ],
    [
      'links: [db]',
      'Swarm ignores `links` in service web: services on the same network already reach each other by service name (add `aliases` under `networks` for other names).',
    ],
    [
      'network_mode: host',
      "Swarm ignores `network_mode` in service web: to use the host's network, attach the service to the network `host` (declared under `networks` with `external: true` and `name: host`).",
    ],
    [
      'privileged: true',
      'Swarm ignores `privileged` in service web: Swarm services cannot run privileged: grant the capabilities the service needs with `cap_add`.',
    ],
    [
      'shm_size: 1g',
      'Swarm ignores `shm_size` in service web: mount a tmpfs volume at /dev/shm instead (type: tmpfs, target: /dev/shm, tmpfs.size).',
    ],
    ['tmpfs: [/run]', 'Swarm ignores `tmpfs` in service web: mount a tmpfs volume instead (under `volumes`: type: tmpfs, target: /run).'],
    [
      'restart: always',
      'docker stack deploy warns that `restart` in service web is unsupported (it reads it only when deploy.restart_policy is missing): set deploy.restart_policy (condition: any, on-failure or none) instead.',
    ],
    [
      'depends_on: [db]',
      'Swarm ignores `depends_on` in service web: services start in any order, so make each one retry until what it needs answers (a healthcheck lets Swarm replace it meanwhile).',
    ],
  ])('%s', (line, message) => {
    const result = check(web(`    ${line}`));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([{ message, line: 4, column: 5, path: `services.web.${line.split(':')[0]}` }]);
  });

  it('warns that Swarm publishes on every address, whatever host IP the port names', () => {
    expect(check(web('    ports: ["127.0.0.1:8001:8001"]')).warnings).toEqual([
      {
        message:
          'Swarm ignores the address 127.0.0.1 in the port "127.0.0.1:8001:8001" of service web: the port is published on every address of every node.',
        line: 4,
        column: 13,
        path: 'services.web.ports[0]',
      },
    ]);
  });

  it("warns that ports 80 and 443 are Traefik's", () => {
    expect(check(web('    ports:', '      - target: 80', '        published: 443')).warnings.map((w) => w.message)).toEqual([
      'Service web publishes port 443, which Traefik already publishes on every node of an Otternauts cluster: docker stack deploy will report the port as in use. Route a domain to the service with x-otternauts instead, or publish another port.',
    ]);
  });

  it('reports a problem in a definition several services share once, naming them', () => {
    const result = check(
      yaml(
        'x-common: &common',
        '  restart: always',
        'services:',
        '  a:',
        '    <<: *common',
        '    image: redis',
        '  b:',
        '    <<: *common',
        '    image: nginx',
      ),
    );
    expect(result.warnings).toEqual([
      {
        message:
          'docker stack deploy warns that `restart` in service a is unsupported (it reads it only when deploy.restart_policy is missing): set deploy.restart_policy (condition: any, on-failure or none) instead. Service b shares this definition.',
        line: 2,
        column: 3,
        path: 'services.a.restart',
      },
    ]);
  });
});

describe('a definition shared through an anchor', () => {
  it('is reported once even when the message starts with the service name', () => {
    const result = check(
      yaml(
        'x-nets: &nets [front]',
        'services:',
        '  a:',
        '    image: redis',
        '    networks: *nets',
        '  b:',
        '    image: nginx',
        '    networks: *nets',
      ),
    );
    expect(result.errors).toEqual([
      {
        message:
          'Service a joins the network front, which is not declared under the top-level `networks`: add it there (docker stack deploy stops with "undefined network"). Service b shares this definition.',
        line: 1,
        column: 16,
        path: 'services.a.networks[0]',
      },
    ]);
  });
});
