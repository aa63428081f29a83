import ssh2 from 'ssh2';

export interface DeployKeyPair {
  /** one OpenSSH line: `ssh-ed25519 AAAA… otternauts <name>` */
  publicKey: string;
  /** OpenSSH private key text, unencrypted: it is sealed by the vault before it is stored */
  privateKey: string;
}

/**
 * A fresh ed25519 pair for one repository. ed25519 because every Git host takes it and its
 * public line is short enough to paste; the comment names the repository so a user can tell
 * keys apart in the Git host's list.
 */
export function generateDeployKey(repositoryName: string): DeployKeyPair {
  const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment: `otternauts ${repositoryName}` });
  return { publicKey: pair.public.trim(), privateKey: pair.private };
}
