import { describe, expect, it } from '@jest/globals';
import { KeyedLock } from './keyed-lock.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe(KeyedLock.name, () => {
  it('should run work for one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const work = (name: string) => async () => {
      log.push(`${name} in`);
      await tick();
      log.push(`${name} out`);
      return name;
    };
    const results = await Promise.all([lock.run('k', work('a')), lock.run('k', work('b')), lock.run('k', work('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a in', 'a out', 'b in', 'b out', 'c in', 'c out']);
    expect(lock.size).toBe(0);
  });

  it('should let different keys run side by side', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    await Promise.all(['x', 'y'].map((key) => lock.run(key, async () => (log.push(`${key} in`), await tick(), log.push(`${key} out`)))));
    expect(log).toEqual(['x in', 'y in', 'x out', 'y out']);
  });

  it('should pass a failure to its caller and still let the next work run', async () => {
    const lock = new KeyedLock();
    const failing = lock.run('k', async () => {
      await tick();
      throw new Error('step failed');
    });
    const next = lock.run('k', async () => 'ran');
    await expect(failing).rejects.toThrow('step failed');
    await expect(next).resolves.toBe('ran');
    expect(lock.size).toBe(0);
  });
});
