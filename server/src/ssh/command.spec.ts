import { describe, expect, it } from '@jest/globals';
import { RemoteCommand, shellQuote } from './command.js';

describe(shellQuote.name, () => {
  it('should leave plain words readable', () => {
    expect(shellQuote('docker')).toBe('docker');
    expect(shellQuote('--format')).toBe('--format');
    expect(shellQuote('/srv/otternauts/stack.yml')).toBe('/srv/otternauts/stack.yml');
  });

  it('should single-quote anything a shell would interpret', () => {
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote('$(reboot)')).toBe("'$(reboot)'");
    expect(shellQuote('{{json .}}')).toBe("'{{json .}}'");
    expect(shellQuote('~root')).toBe("'~root'");
  });

  it('should quote an assignment-looking word so it stays an argument', () => {
    expect(shellQuote('PATH=/tmp')).toBe("'PATH=/tmp'");
  });

  it('should close, escape and reopen around a single quote', () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });

  it('should quote the empty string instead of dropping the argument', () => {
    expect(shellQuote('')).toBe("''");
  });

  it('should refuse a NUL byte, which no argv can carry', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });
});

describe(RemoteCommand.name, () => {
  it('should quote every argument', () => {
    expect(new RemoteCommand(['docker', 'service', 'logs', 'web; rm -rf /']).toShell()).toBe("docker service logs 'web; rm -rf /'");
  });

  it('should prefix sudo -n -- when asked', () => {
    const cmd = new RemoteCommand(['docker', 'info'], { sudo: true });
    expect(cmd.toShell()).toBe('sudo -n -- docker info');
    expect(cmd.describe()).toBe('sudo docker');
  });

  it('should describe itself by program only, never by arguments', () => {
    expect(new RemoteCommand(['docker', 'login', '-u', 'alice']).describe()).toBe('docker');
  });

  it('should reject an empty argv', () => {
    expect(() => new RemoteCommand([])).toThrow(/program/);
    expect(() => new RemoteCommand([''])).toThrow(/program/);
  });

  it('should not be affected by later changes to the array it was built from', () => {
    const argv = ['echo', 'safe'];
    const cmd = new RemoteCommand(argv);
    argv[1] = '$(reboot)';
    expect(cmd.toShell()).toBe('echo safe');
  });
});
