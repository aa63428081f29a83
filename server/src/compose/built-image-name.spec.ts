import { describe, expect, it } from '@jest/globals';
import { builtImageName, imageComponent } from './built-image-name.js';

const SHA = 'a'.repeat(40);

describe('builtImageName', () => {
  it('names <registry>/<stack>/<service>:<commit>, with a registry path and port, host lower-cased', () => {
    expect(builtImageName('Registry.Example.com:5000/team/apps', 'shop', 'web', SHA)).toEqual({
      ok: true,
      image: `registry.example.com:5000/team/apps/shop/web:${SHA}`,
    });
    expect(builtImageName('localhost:5000', 'a__b', 'x', 'b'.repeat(64))).toEqual({
      ok: true,
      image: `localhost:5000/a__b/x:${'b'.repeat(64)}`,
    });
  });

  it('makes names Docker refuses into components it takes', () => {
    expect(['Web', 'api.v2_', '__x__', 'a...b', 'a___b', 'my-app', 'a--b'].map(imageComponent)).toEqual([
      'web',
      'api-v2',
      'x',
      'a-b',
      'a-b',
      'my-app',
      'a--b',
    ]);
  });

  it('refuses a registry without a host, a path Docker refuses, a short commit, a nameless service and a name over 255 characters', () => {
    const reason = (registry: string, service = 'web', commit = SHA) => {
      const named = builtImageName(registry, 'shop', service, commit);
      return named.ok ? null : named.reason;
    };
    expect(reason('otto')).toMatch(/does not start with a registry host/);
    expect(reason('https://ghcr.io')).toMatch(/does not start with a registry host/);
    expect(reason('ghcr.io/Otto')).toMatch(/the path of the registry for builds/);
    expect(reason('ghcr.io//x')).toMatch(/the path of the registry for builds/);
    expect(reason('ghcr.io', 'web', 'abc1234')).toBe('"abc1234" is not a full commit id');
    expect(reason('ghcr.io', '___')).toMatch(/has no letter or digit/);
    expect(reason('ghcr.io', 'w'.repeat(250))).toMatch(/longer than Docker's 255 characters/);
    expect(reason(`r.io/${'p'.repeat(300)}`)).toMatch(/longer than Docker's 255/);
  });
});
