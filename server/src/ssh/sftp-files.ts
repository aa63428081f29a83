import type { Client, SFTPWrapper } from 'ssh2';

/** One SFTP session per connection: opened on first use, reused, reopened if it closes. */
export class SftpSessions {
  private session?: Promise<SFTPWrapper>;
  private open = false;

  constructor(private readonly client: Client) {}

  get isOpen(): boolean {
    return this.open;
  }

  get(): Promise<SFTPWrapper> {
    this.session ??= new Promise<SFTPWrapper>((resolve, reject) => {
      const fail = (err: unknown) => {
        this.session = undefined;
        reject(err);
      };
      try {
        this.client.sftp((err, sftp) => {
          if (err) return fail(err);
          this.open = true;
          sftp.on('close', () => {
            this.open = false;
            this.session = undefined;
          });
          sftp.on('error', () => undefined);
          resolve(sftp);
        });
      } catch (err) {
        // ssh2 throws "Not connected" synchronously once the socket is gone.
        fail(err);
      }
    });
    return this.session;
  }
}

/** SSH_FX_NO_SUCH_FILE from the SFTP protocol (draft-ietf-secsh-filexfer-02). */
const NO_SUCH_FILE = 2;

const call = <T>(fn: (cb: (err: Error | undefined | null, value: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value))));

/**
 * Writes a whole file. The mode is set on the open handle BEFORE any byte is written:
 * open()'s mode only applies to new files (and passes through the server's umask), so an
 * existing 0644 file would otherwise hold a secret readable by others for a moment.
 */
export async function writeRemoteFile(
  sftp: SFTPWrapper,
  remotePath: string,
  content: Buffer,
  mode: number,
): Promise<void> {
  const handle = await call<Buffer>((cb) => sftp.open(remotePath, 'w', { mode }, cb));
  let written = false;
  try {
    await call<void>((cb) => sftp.fchmod(handle, mode, (err) => cb(err, undefined)));
    // ssh2 splits writes larger than the server's packet size itself.
    if (content.length > 0) {
      await call<void>((cb) =>
        sftp.write(handle, content, 0, content.length, 0, (err) => cb(err, undefined)),
      );
    }
    written = true;
  } finally {
    const closing = call<void>((cb) => sftp.close(handle, (err) => cb(err, undefined)));
    // A failing close after a good write can mean lost data; after a failed write, the
    // write's own error is the one worth reporting.
    if (written) await closing;
    else await closing.catch(() => undefined);
  }
}

/** Removes a file; a file that is already gone counts as removed (cleanup is retried freely). */
export async function removeRemoteFile(sftp: SFTPWrapper, remotePath: string): Promise<void> {
  try {
    await call<void>((cb) => sftp.unlink(remotePath, (err) => cb(err, undefined)));
  } catch (err) {
    if ((err as { code?: unknown }).code === NO_SUCH_FILE) return;
    throw err;
  }
}
