import { describe, expect, it } from '@jest/globals';
import { check, yaml } from './testing/validate.js';
import { styleOf } from './yaml-style.js';

describe('styleOf follows how the pasted file is written', () => {
  it('reads indentation width, list indentation and flow padding', () => {
    expect(styleOf(yaml('services:', '    web:', '        ports:', '        - "80:80"', '        command: [ a ]'))).toEqual({
      lineWidth: 0,
      indent: 4,
      indentSeq: false,
      flowCollectionPadding: true,
      nullStr: '',
    });
    expect(styleOf(yaml('services:', '  web:', '    ports:', '      - "80:80"'))).toMatchObject({
      indent: 2,
      indentSeq: true,
      flowCollectionPadding: false,
    });
  });

  it('keeps unindented lists unindented when rendering', () => {
    const text = yaml(
      'services:',
      '  web:',
      '    image: nginx',
      '    networks:',
      '    - front',
      '    x-otternauts: {domains: [a.example.com], port: 80}',
      'networks:',
      '  front:',
    );
    expect(check(text, {}, 'shop').rendered).toBe(
      yaml(
        'services:',
        '  web:',
        '    image: nginx',
        '    networks:',
        '    - front',
        '    - traefik-public',
        '    deploy:',
        '      labels:',
        '      - traefik.enable=true',
        '      - traefik.http.routers.shop-web.rule=Host(`a.example.com`)',
        '      - traefik.http.routers.shop-web.entrypoints=websecure',
        '      - traefik.http.routers.shop-web.tls.certresolver=letsencrypt',
        '      - traefik.http.routers.shop-web.service=shop-web',
        '      - traefik.http.services.shop-web.loadbalancer.server.port=80',
        '      - traefik.swarm.network=traefik-public',
        'networks:',
        '  front:',
        '  traefik-public:',
        '    external: true',
      ),
    );
  });

  it('keeps four-space indentation when rendering', () => {
    const text = yaml(
      'services:',
      '    web:',
      '        image: nginx',
      '        x-otternauts:',
      '            domains: [a.example.com]',
      '            port: 80',
    );
    expect(check(text, {}, 'shop').rendered).toContain(
      yaml('        deploy:', '            labels:', '                - traefik.enable=true'),
    );
  });
});
