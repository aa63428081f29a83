import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import { localServer, localShell } from './testing/local-shell.js';
import { withFilesOnManager } from './send-files.js';
import { filesDirFrom, writeFileCommand } from './files-dirs.js';

describe(withFilesOnManager.name, () => {
  const binary = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x27, 0x22, 0x24]);
  const text = Buffer.from("server { listen 80; } # it's $HOME `id`\n");

  it('should place each file by its index in a private folder, byte for byte, and remove the folder afterwards', async () => {
    const { shell } = localShell();
    let seen: string | null = null;
    await withFilesOnManager(shell, localServer, [text, binary], async (dir) => {
      seen = dir;
      expect(dir).toMatch(/^\/tmp\/otternauts-files\.[A-Za-z0-9]+$/);
      expect(fs.statSync(dir!).mode & 0o777).toBe(0o700);
      expect(fs.readdirSync(dir!).sort()).toEqual(['0', '1']);
      expect(fs.readFileSync(`${dir}/0`)).toEqual(text);
      expect(fs.readFileSync(`${dir}/1`)).toEqual(binary);
    });
    expect(seen).not.toBeNull();
    expect(fs.existsSync(seen!)).toBe(false);
  });

  it('should remove the folder when the work fails, and pass the failure on', async () => {
    const { shell } = localShell();
    let seen = '';
    await expect(
      withFilesOnManager(shell, localServer, [text], async (dir) => {
        seen = dir!;
        throw new Error('docker stack deploy refused');
      }),
    ).rejects.toThrow('docker stack deploy refused');
    expect(seen).not.toBe('');
    expect(fs.existsSync(seen)).toBe(false);
  });

  it('should make no folder at all when there are no files', async () => {
    const { shell, lines } = localShell();
    expect(await withFilesOnManager(shell, localServer, [], async (dir) => dir)).toBeNull();
    expect(lines).toEqual([]);
  });

  it('should keep file contents out of every command line', async () => {
    const { shell, lines } = localShell();
    await withFilesOnManager(shell, localServer, [text], async () => undefined);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('mktemp -d /tmp/otternauts-files.XXXXXXXX');
    expect(lines[1]).toMatch(/^dd 'of=\/tmp\/otternauts-files\.[A-Za-z0-9]+\/0'$/);
    expect(lines[2]).toMatch(/^rm -rf -- \/tmp\/otternauts-files\.[A-Za-z0-9]+$/);
    expect(lines.join('\n')).not.toContain('listen');
  });

  it('should refuse a folder name mktemp would never print', () => {
    expect(() => filesDirFrom('/tmp/otternauts-files.ab; rm -rf /')).toThrow('unexpected folder name');
    expect(() => filesDirFrom('/home/otter')).toThrow('unexpected folder name');
    expect(filesDirFrom('/tmp/otternauts-files.Ab12Cd34\n')).toBe('/tmp/otternauts-files.Ab12Cd34');
    expect(writeFileCommand('/tmp/otternauts-files.Ab12Cd34', 3).toShell()).toBe("dd 'of=/tmp/otternauts-files.Ab12Cd34/3'");
  });
});
