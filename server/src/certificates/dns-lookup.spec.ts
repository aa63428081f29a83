import { lookupCommand, parseLookup } from './dns-lookup.js';

describe('lookupCommand', () => {
  it('should pass every name as its own quoted argument of a fixed script', () => {
    const cmd = lookupCommand(['shop.example.com', "it's.example.com"], true);
    expect(cmd.argv.slice(0, 2)).toEqual(['sh', '-c']);
    expect(cmd.argv.slice(3)).toEqual(['otternauts-dns', 'shop.example.com', "it's.example.com"]);
    expect(cmd.argv[2]).not.toContain('shop.example.com');
    expect(cmd.toShell()).toMatch(/^sudo -n -- sh -c '.*' otternauts-dns shop.example.com 'it'\\''s.example.com'$/s);
  });
});

describe('parseLookup', () => {
  it('should read addresses per name, names with none, and the nodes', () => {
    const out = [
      '@name shop.test',
      '10.77.0.11      STREAM shop.test',
      '10.77.0.11      DGRAM  ',
      '10.77.0.11      RAW    ',
      'fd77::11        STREAM ',
      '@rc 0',
      '@name nowhere.example.com',
      '@rc 2',
      '@name broken.example.com',
      '@rc 1',
      '@nodes',
      '10.77.0.11',
      '0.0.0.0',
      '',
    ].join('\n');
    const parsed = parseLookup(out);
    expect([...parsed.names]).toEqual([
      ['shop.test', ['10.77.0.11', 'fd77::11']],
      ['nowhere.example.com', []],
      ['broken.example.com', []],
    ]);
    expect([...parsed.failed]).toEqual(['broken.example.com']);
    expect(parsed.nodeAddresses).toEqual(['10.77.0.11', '0.0.0.0']);
  });
});

describe('parseLookup on the test bed', () => {
  it('should read the real output of the script on a test-bed node', async () => {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(new URL('./fixtures/testbed-lookup-output.txt', import.meta.url), 'utf8');
    const parsed = parseLookup(text);
    expect(Object.fromEntries(parsed.names)).toEqual({
      'shop.test': ['10.77.0.11'],
      'elsewhere.test': ['203.0.113.9'],
      'nowhere.example.com': [],
      otn1: ['10.77.0.11'],
    });
    expect(parsed.failed.size).toBe(0);
    expect(parsed.nodeAddresses).toEqual(['10.77.0.11']);
  });
});
