import { jest } from '@jest/globals';
import type { ClusterDns } from './cluster-dns.js';
import { judgeDomain, uncheckedDomain } from './dns-verdict.js';
import { DnsWarnings } from './dns-warnings.js';

const FILE = [
  'services:',
  '  web:',
  '    image: nginx:1.27',
  '    x-otternauts:',
  '      domains:',
  '        - shop.example.com',
  '        - www.shop.example.com',
  '        - gone.example.com',
  '      port: 80',
  '',
].join('\n');

function warnings(answers: Record<string, string[] | 'unknown'>) {
  const asked: { domains: string[]; maxAgeMs?: number }[] = [];
  const dns = {
    check: async (domains: readonly string[], opts: { maxAgeMs?: number }) => {
      asked.push({ domains: [...domains], maxAgeMs: opts.maxAgeMs });
      return new Map(
        domains.map((d) => {
          const a = answers[d];
          return [d, a === 'unknown' ? uncheckedDomain(d, 'no manager answers') : judgeDomain(d, a, ['10.77.0.11'])];
        }),
      );
    },
  } as unknown as ClusterDns;
  return { w: new DnsWarnings(dns), asked };
}

describe(DnsWarnings.name, () => {
  describe('addTo', () => {
    it('should place a warning on each domain that does not point at the cluster, among the other warnings in file order', async () => {
      const { w, asked } = warnings({
        'shop.example.com': ['10.77.0.11'],
        'www.shop.example.com': ['203.0.113.9'],
        'gone.example.com': [],
      });
      const other = { message: 'a warning on line 3', line: 3, column: 5, path: 'services.web.image' };
      const last = { message: 'a warning on line 9', line: 9, column: 7, path: 'services.web.x-otternauts.port' };
      const result = await w.addTo({ valid: true, warnings: [other, last] }, FILE);
      expect(asked).toEqual([{ domains: ['shop.example.com', 'www.shop.example.com', 'gone.example.com'], maxAgeMs: 60_000 }]);
      expect(result).toEqual({
        valid: true,
        warnings: [
          other,
          {
            message:
              'Cannot obtain certificate for www.shop.example.com: DNS does not resolve to a cluster node (it resolves to 203.0.113.9; the nodes are 10.77.0.11)',
            line: 7,
            column: 11,
            path: 'services.web.x-otternauts.domains[1]',
          },
          {
            message: 'Cannot obtain certificate for gone.example.com: DNS does not resolve (no address for gone.example.com)',
            line: 8,
            column: 11,
            path: 'services.web.x-otternauts.domains[2]',
          },
          last,
        ],
      });
    });

    it('should add nothing for domains nobody could check', async () => {
      const { w } = warnings({ 'shop.example.com': 'unknown', 'www.shop.example.com': 'unknown', 'gone.example.com': 'unknown' });
      expect(await w.addTo({ warnings: [] }, FILE)).toEqual({ warnings: [] });
    });

    it('should answer without DNS warnings when the manager is slow, rather than hold the editor', async () => {
      jest.useFakeTimers();
      try {
        const w = new DnsWarnings({ check: () => new Promise(() => undefined) } as unknown as ClusterDns);
        const pending = w.addTo({ warnings: [] }, FILE);
        await jest.advanceTimersByTimeAsync(8_000);
        expect(await pending).toEqual({ warnings: [] });
      } finally {
        jest.useRealTimers();
      }
    });

    it('should not ask anything for a file without domains', async () => {
      const { w, asked } = warnings({});
      expect(await w.addTo({ warnings: [] }, 'services:\n  web:\n    image: nginx:1.27\n')).toEqual({ warnings: [] });
      expect(asked).toEqual([]);
    });
  });
});
