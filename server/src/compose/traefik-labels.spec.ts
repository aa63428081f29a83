import { describe, expect, it } from '@jest/globals';
import { TRAEFIK_NETWORK } from './traefik-labels.js';
import { routerName, traefikLabels } from './traefik-labels.js';

describe('Traefik v3 swarm-provider labels', () => {
  it('pins the exact labels (swarm provider: traefik.swarm.network; explicit load balancer port)', () => {
    expect(traefikLabels('shop-web', ['shop.example.com', 'www.shop.example.com'], 3000)).toEqual([
      ['traefik.enable', 'true'],
      ['traefik.http.routers.shop-web.rule', 'Host(`shop.example.com`) || Host(`www.shop.example.com`)'],
      ['traefik.http.routers.shop-web.entrypoints', 'websecure'],
      ['traefik.http.routers.shop-web.tls.certresolver', 'letsencrypt'],
      ['traefik.http.routers.shop-web.service', 'shop-web'],
      ['traefik.http.services.shop-web.loadbalancer.server.port', '3000'],
      ['traefik.swarm.network', 'traefik-public'],
    ]);
    expect(TRAEFIK_NETWORK).toBe('traefik-public');
  });

  it('writes one Host() for a single domain', () => {
    expect(traefikLabels('a-b', ['a.example.com'], 80)[1]).toEqual(['traefik.http.routers.a-b.rule', 'Host(`a.example.com`)']);
  });

  it('names routers <stack>-<service>, normalised as Traefik normalises names (no dots, lower case)', () => {
    expect(routerName('shop', 'web')).toBe('shop-web');
    expect(routerName('my_shop', 'Api.v2')).toBe('my-shop-api-v2');
    expect(routerName('shop', 'web--1')).toBe('shop-web-1');
  });
});
