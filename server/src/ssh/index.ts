export { CommandChain, RemoteCommand, shellQuote } from './command.js';
export type { RemoteCommandOptions, Runnable } from './command.js';
export { HOST_KEY_ALGORITHMS } from './client-config.js';
export type { ExecResult, StreamHandlers } from './exec-channel.js';
export { fingerprintOf, keyTypeOf, sameFingerprint, scanHostKey } from './host-key.js';
export type { ScannedHostKey } from './host-key.js';
export { normalizeKeyText, parsePrivateKey } from './private-key.js';
export type { PrivateKeyCheck, PrivateKeyProblem } from './private-key.js';
export {
  assertRemoteValue,
  isDockerName,
  isHostAddress,
  isPort,
  isSafeRemotePath,
  isUnixUsername,
  RemoteValueError,
} from './remote-values.js';
export { SshError } from './ssh-errors.js';
export type { SshErrorKind } from './ssh-errors.js';
export type { SshLogger } from './ssh-logger.js';
export { createSshPool, SSH_POOL_OPTIONS, SshPool } from './ssh-pool.js';
export type { ExecOptions, SshPoolOptions, SshPoolStats } from './ssh-pool.js';
export type { ConnectionStats } from './ssh-connection.js';
export type { SshTarget } from './ssh-target.js';
