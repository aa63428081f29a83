import { describe, expect, it } from '@jest/globals';
import { check, yaml } from './testing/validate.js';

const labels = (router: string, hosts: string, port: number, indent: string) =>
  [
    'traefik.enable=true',
    `traefik.http.routers.${router}.rule=${hosts}`,
    `traefik.http.routers.${router}.entrypoints=websecure`,
    `traefik.http.routers.${router}.tls.certresolver=letsencrypt`,
    `traefik.http.routers.${router}.service=${router}`,
    `traefik.http.services.${router}.loadbalancer.server.port=${port}`,
    'traefik.swarm.network=traefik-public',
  ].map((label) => `${indent}- ${label}`);

describe('rendered: the file Otternauts deploys', () => {
  it('is the pasted text, byte for byte, when there is nothing to add', () => {
    const text = 'services:   # odd spacing kept\n  web:\n    image:    nginx\n    ports: [ "8080:80" ]\n';
    expect(check(text).rendered).toBe(text);
  });

  it('adds the labels and the ingress network, keeps ${VAR}s and comments, removes x-otternauts', () => {
    const text = yaml(
      'version: "3.8"',
      'services:',
      '  # the shop front',
      '  web:',
      '    image: ghcr.io/acme/shop:${TAG:-latest}',
      '    environment:',
      '      API_KEY: ${API_KEY} # from Secrets',
      '    x-otternauts:',
      '      domains: [shop.example.com, www.shop.example.com]',
      '      port: 3000',
      '  db:',
      '    image: postgres:16',
    );
    const result = check(text, { secretNames: new Set(['API_KEY']) }, 'shop');
    expect(result.errors).toEqual([]);
    expect(result.rendered).toBe(
      yaml(
        'version: "3.8"',
        'services:',
        '  # the shop front',
        '  web:',
        '    image: ghcr.io/acme/shop:${TAG:-latest}',
        '    environment:',
        '      API_KEY: ${API_KEY} # from Secrets',
        '    deploy:',
        '      labels:',
        ...labels('shop-web', 'Host(`shop.example.com`) || Host(`www.shop.example.com`)', 3000, '        '),
        '    networks:',
        '      - default',
        '      - traefik-public',
        '  db:',
        '    image: postgres:16',
        'networks:',
        '  traefik-public:',
        '    external: true',
      ),
    );
  });

  it('keeps the form of the labels and networks the service already has', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    networks:',
      '      back:',
      '        aliases: [www]',
      '    deploy:',
      '      labels:',
      '        com.example.team: shop',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
      'networks:',
      '  back:',
      '',
      'volumes: {}',
    );
    expect(check(text, {}, 'shop').rendered).toBe(
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    networks:',
        '      back:',
        '        aliases: [www]',
        '      traefik-public:',
        '    deploy:',
        '      labels:',
        '        com.example.team: shop',
        '        traefik.enable: "true"',
        '        traefik.http.routers.shop-web.rule: Host(`a.example.com`)',
        '        traefik.http.routers.shop-web.entrypoints: websecure',
        '        traefik.http.routers.shop-web.tls.certresolver: letsencrypt',
        '        traefik.http.routers.shop-web.service: shop-web',
        '        traefik.http.services.shop-web.loadbalancer.server.port: "80"',
        '        traefik.swarm.network: traefik-public',
        'networks:',
        '  back:',
        '  traefik-public:',
        '    external: true',
        '',
        'volumes: {}',
      ),
    );
  });

  it('gives a service its own copy of a deploy it merges from a template, leaving the others alone', () => {
    const text = yaml(
      'x-defaults: &defaults',
      '  deploy:',
      '    replicas: 2',
      'services:',
      '  web:',
      '    <<: *defaults',
      '    image: nginx',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
      '  worker:',
      '    <<: *defaults',
      '    image: busybox',
    );
    const result = check(text, {}, 'shop');
    const again = check(result.rendered!, {}, 'shop');
    expect(again.errors).toEqual([]);
    expect(result.rendered).toContain(yaml('  worker:', '    <<: *defaults', '    image: busybox'));
    expect(result.rendered).toContain(yaml('x-defaults: &defaults', '  deploy:', '    replicas: 2', 'services:'));
    expect(result.rendered).toMatch(/ {4}deploy:\n {6}replicas: 2\n {6}labels:\n {8}- traefik\.enable=true\n/);
  });

  it('copies an anchored deploy to the places that alias it before changing it', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy: &deploy',
      '      replicas: 2',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
      '  worker:',
      '    image: busybox',
      '    deploy: *deploy',
    );
    const rendered = check(text, {}, 'shop').rendered!;
    expect(rendered).not.toContain('*deploy');
    expect(rendered).toContain(yaml('  worker:', '    image: busybox', '    deploy:', '      replicas: 2'));
    expect(rendered.match(/traefik\.enable/g)).toHaveLength(1);
  });

  it('does not repeat a label the user already wrote identically', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy:',
      '      labels: [traefik.enable=true]',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
    );
    expect(check(text).rendered!.match(/traefik\.enable=true/g)).toHaveLength(1);
  });

  it('refuses a user label that says something else than ours', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    deploy:',
      '      labels:',
      '        - traefik.enable=false',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
    );
    const result = check(text);
    expect(result.rendered).toBeNull();
    expect(result.errors).toEqual([
      {
        message:
          'The label traefik.enable in service web clashes with the one Otternauts sets for its domains (traefik.enable=true): remove it and let Otternauts manage it.',
        line: 6,
        column: 11,
        path: 'services.web.deploy.labels[0]',
      },
    ]);
  });

  it("refuses a traefik-public network of the stack's own when a service is routed", () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
      'networks:',
      '  traefik-public:',
      '    driver: overlay',
    );
    expect(check(text).errors).toEqual([
      {
        message:
          "The network traefik-public is the cluster's shared ingress network: declare it as external (traefik-public: {external: true}) or leave it out, and Otternauts adds it.",
        line: 6,
        column: 3,
        path: 'networks.traefik-public',
      },
    ]);
    const external = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
      'networks:',
      '  traefik-public:',
      '    external: true',
    );
    expect(check(external).rendered!.match(/traefik-public:/g)).toHaveLength(1);
  });

  it('removes x-otternauts from templates too, and the rendered file validates again', () => {
    const text = yaml(
      'x-port: &port',
      '  x-otternauts: {port: 8080}',
      'services:',
      '  api:',
      '    <<: *port',
      '    image: api',
      '  web:',
      '    image: nginx',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
    );
    const rendered = check(text).rendered!;
    expect(rendered).not.toContain('x-otternauts');
    expect(check(rendered).valid).toBe(true);
  });
});
