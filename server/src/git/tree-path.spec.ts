import { ApiError } from '../errors/api-error.js';
import { resolveTreePath, SYMLINK_MODE, type RawTreeEntry, type TreeLookup } from './tree-path.js';

/** A commit's tree as a map: strings are files, { link } symlinks, null folders. */
function treeOf(files: Record<string, string | { link: string } | null>): TreeLookup & { asked: string[] } {
  const asked: string[] = [];
  const entries = new Map<string, RawTreeEntry>();
  const targets = new Map<string, string>();
  let n = 0;
  for (const [p, content] of Object.entries(files)) {
    const oid = String(++n).padStart(40, '0');
    if (content === null) entries.set(p, { mode: '040000', type: 'tree', oid, path: p });
    else if (typeof content === 'string') entries.set(p, { mode: '100644', type: 'blob', oid, path: p, size: content.length });
    else {
      entries.set(p, { mode: SYMLINK_MODE, type: 'blob', oid, path: p, size: content.link.length });
      targets.set(oid, content.link);
    }
  }
  return {
    asked,
    entry: async (p) => {
      asked.push(p);
      return entries.get(p) ?? null;
    },
    linkTarget: async (oid) => {
      const target = targets.get(oid);
      if (target === undefined) throw new Error(`not a link: ${oid}`);
      return target;
    },
  };
}

async function refusal(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('resolveTreePath', () => {
  const tree = () =>
    treeOf({
      deploy: null,
      'deploy/app.conf': 'x',
      'deploy/sub': null,
      'deploy/sub/env': 'A=1',
      'link.conf': { link: 'deploy/app.conf' },
      'deploy/up': { link: '../deploy/sub/env' },
      'deploy/alias': { link: 'sub' },
      'deploy/dot': { link: './sub/./env' },
      out: { link: '../etc/passwd' },
      'deploy/deep-out': { link: '../../x' },
      abs: { link: '/etc/passwd' },
      a: { link: 'b' },
      b: { link: 'a' },
      self: { link: 'self' },
    });

  it('should find a plain file and a folder', async () => {
    expect(await resolveTreePath(tree(), 'deploy/app.conf')).toMatchObject({ path: 'deploy/app.conf', type: 'blob' });
    expect(await resolveTreePath(tree(), 'deploy/sub')).toMatchObject({ path: 'deploy/sub', type: 'tree' });
    expect(await resolveTreePath(tree(), './deploy//app.conf')).toMatchObject({ path: 'deploy/app.conf' });
    expect(await resolveTreePath(tree(), '')).toEqual({ type: 'tree', path: '' });
  });

  it('should answer null for a missing path and for a path below a file', async () => {
    expect(await resolveTreePath(tree(), 'deploy/missing')).toBeNull();
    expect(await resolveTreePath(tree(), 'deploy/app.conf/x')).toBeNull();
  });

  it('should follow links to files and through folders, relative to the folder holding them', async () => {
    expect(await resolveTreePath(tree(), 'link.conf')).toMatchObject({ path: 'deploy/app.conf' });
    expect(await resolveTreePath(tree(), 'deploy/up')).toMatchObject({ path: 'deploy/sub/env' });
    expect(await resolveTreePath(tree(), 'deploy/alias/env')).toMatchObject({ path: 'deploy/sub/env' });
    expect(await resolveTreePath(tree(), 'deploy/dot')).toMatchObject({ path: 'deploy/sub/env' });
    expect(await resolveTreePath(tree(), 'deploy/alias')).toMatchObject({ path: 'deploy/sub', type: 'tree' });
  });

  it('should let .. climb inside the repository', async () => {
    expect(await resolveTreePath(tree(), 'deploy/sub/../app.conf')).toMatchObject({ path: 'deploy/app.conf' });
    expect(await resolveTreePath(tree(), 'deploy/..')).toEqual({ type: 'tree', path: '' });
  });

  it('should refuse a link out of the repository, naming the path and where it points', async () => {
    const out = await refusal(resolveTreePath(tree(), 'out'));
    expect(out.code).toBe('path_escapes_repository');
    expect(out.status).toBe(400);
    expect(out.message).toBe('out points to ../etc/passwd, outside the repository; keep the file inside the repository.');
    expect((await refusal(resolveTreePath(tree(), 'deploy/deep-out'))).message).toContain('deploy/deep-out points to ../../x');
    expect((await refusal(resolveTreePath(tree(), 'abs'))).message).toContain('abs points to /etc/passwd');
  });

  it('should name the link a longer path went through', async () => {
    const treeWithDir = treeOf({ d: { link: '../..' } });
    expect((await refusal(resolveTreePath(treeWithDir, 'd/etc/passwd'))).message).toContain('d/etc/passwd (through d) points to ../..');
  });

  it('should refuse paths that leave by themselves', async () => {
    expect((await refusal(resolveTreePath(tree(), '../secret'))).code).toBe('path_escapes_repository');
    expect((await refusal(resolveTreePath(tree(), 'deploy/../../secret'))).code).toBe('path_escapes_repository');
    expect((await refusal(resolveTreePath(tree(), '/etc/passwd'))).message).toContain('/etc/passwd points to /etc/passwd');
  });

  it('should refuse loops, after a bounded number of links', async () => {
    const t = tree();
    expect((await refusal(resolveTreePath(t, 'a'))).message).toBe(
      'a is a loop of symlinks (a never ends at a file); fix the links in the repository.',
    );
    expect(t.asked.length).toBeLessThanOrEqual(45);
    expect((await refusal(resolveTreePath(tree(), 'self'))).code).toBe('path_escapes_repository');
  });

  it('should refuse control characters', async () => {
    expect((await refusal(resolveTreePath(tree(), 'deploy/\u0000x'))).code).toBe('path_invalid');
  });
});
