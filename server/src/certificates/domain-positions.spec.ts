import { domainPlaces } from './domain-positions.js';

describe('domainPlaces', () => {
  it("should place each domain on its own line and column in the user's file", () => {
    const file = [
      'services:',
      '  web:',
      '    image: nginx:1.27',
      '    x-otternauts:',
      '      domains: [shop.example.com, "WWW.Shop.example.com"]',
      '      port: 80',
      '  api:',
      '    image: nginx:1.27',
      '    x-otternauts:',
      '      port: 8080',
      '      domains:',
      '        - api.example.com',
      '        - ${API_DOMAIN}',
      '        - not a domain',
      '',
    ].join('\n');
    expect(domainPlaces(file)).toEqual([
      { domain: 'shop.example.com', service: 'web', line: 5, column: 17, path: 'services.web.x-otternauts.domains[0]' },
      { domain: 'www.shop.example.com', service: 'web', line: 5, column: 35, path: 'services.web.x-otternauts.domains[1]' },
      { domain: 'api.example.com', service: 'api', line: 12, column: 11, path: 'services.api.x-otternauts.domains[0]' },
    ]);
  });

  it('should find nothing in a file without domains or one that is not YAML', () => {
    expect(domainPlaces('services:\n  web:\n    image: nginx:1.27\n')).toEqual([]);
    expect(domainPlaces('services: [\n')).toEqual([]);
  });
});
