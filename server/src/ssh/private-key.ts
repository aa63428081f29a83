import ssh2 from 'ssh2';

export type PrivateKeyProblem =
  'not_a_key' | 'public_key' | 'passphrase_required' | 'wrong_passphrase' | 'unsupported_type' | 'unsupported_format';

export type PrivateKeyCheck = { ok: true; type: string } | { ok: false; reason: PrivateKeyProblem; message: string };

/**
 * Fixed texts: ssh2's own messages are never passed on, because some of them quote
 * pieces of the input ("Unsupported OpenSSH key magic: <bytes>"), and the input is a secret.
 */
const MESSAGES: Record<PrivateKeyProblem, string> = {
  not_a_key:
    'This is not a private key in a format we can read. Paste the whole private key file (OpenSSH or PEM), including its BEGIN and END lines.',
  public_key: 'This is a public key. Paste the private key instead: the file without ".pub" (for example ~/.ssh/id_ed25519).',
  passphrase_required: 'This private key is protected by a passphrase. Enter the passphrase too.',
  wrong_passphrase: 'The passphrase does not unlock this private key.',
  unsupported_type: 'This type of private key is not supported. Use an ed25519, ECDSA or RSA key.',
  unsupported_format:
    'PKCS#8 private keys ("BEGIN PRIVATE KEY") are not supported. Convert the key with "ssh-keygen -p -f <file>", which rewrites it in OpenSSH format.',
};

/** Key types OpenSSH servers still accept for login (DSA has been off by default since 7.0). */
const SUPPORTED_TYPES = new Set(['ssh-ed25519', 'ssh-rsa', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521']);

const fail = (reason: PrivateKeyProblem): PrivateKeyCheck => ({
  ok: false,
  reason,
  message: MESSAGES[reason],
});

/**
 * Pasted keys often arrive with Windows line ends or surrounding blank lines. The pool
 * passes the stored text through this too, so what was checked is what connects.
 */
export function normalizeKeyText(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim() + '\n';
}

export function parsePrivateKey(text: string, passphrase?: string): PrivateKeyCheck {
  const normalized = normalizeKeyText(text);
  // ssh2 reads OpenSSH, PEM and PuTTY keys but not PKCS#8, which openssl writes by default.
  if (/^-----BEGIN (ENCRYPTED )?PRIVATE KEY-----$/m.test(normalized)) {
    return fail('unsupported_format');
  }
  const parsed = ssh2.utils.parseKey(normalized, passphrase || undefined);
  if (parsed instanceof Error) return fail(problemOf(parsed.message, Boolean(passphrase)));
  // The newer OpenSSH format can hold several keys; ssh2 (and sshd) use the first.
  const key: ssh2.ParsedKey | undefined = Array.isArray(parsed) ? (parsed as ssh2.ParsedKey[])[0] : parsed;
  if (!key) return fail('not_a_key');
  if (!key.isPrivateKey()) return fail('public_key');
  if (!SUPPORTED_TYPES.has(key.type)) return fail('unsupported_type');
  return { ok: true, type: key.type };
}

function problemOf(ssh2Message: string, hadPassphrase: boolean): PrivateKeyProblem {
  if (/no passphrase given/i.test(ssh2Message)) return 'passphrase_required';
  // OpenSSH: "integrity check failed -- bad passphrase?"; PEM: "Malformed ... Bad passphrase?"
  if (/bad passphrase|integrity check failed/i.test(ssh2Message)) {
    return hadPassphrase ? 'wrong_passphrase' : 'passphrase_required';
  }
  if (/unsupported (openssh private key type|private key ec oid|cipher|kdf)/i.test(ssh2Message)) {
    return 'unsupported_type';
  }
  return 'not_a_key';
}
