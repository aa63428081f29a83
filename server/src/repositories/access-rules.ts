import type { ErrorDetail } from '../errors/api-error.js';
import type { RepositoryAccess } from './repository.dto.js';

export interface AccessInput {
  access: RepositoryAccess;
  token?: string;
  tokenUsername?: string;
  fingerprint?: string;
}

/**
 * Which access goes with which URL: SSH authenticates with the deploy key Mission Control
 * makes (and the host key the user confirmed), HTTPS with nothing or a token. Every
 * mismatch names its field and what to send instead; none echoes a value (it may be a token).
 */
export function accessProblems(kind: 'https' | 'ssh', input: AccessInput): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (kind === 'ssh') {
    if (input.access !== 'deploy_key') {
      problems.push({
        field: 'access',
        message:
          'an SSH URL needs access deploy_key (Mission Control makes the key for you to add at the Git host); for a token, use the https:// URL',
      });
    }
    if (input.token !== undefined) problems.push({ field: 'token', message: 'is for https URLs; an SSH repository uses its deploy key' });
    if (input.tokenUsername !== undefined) problems.push({ field: 'tokenUsername', message: 'is for https URLs with a token' });
    if (input.fingerprint === undefined) {
      problems.push({
        field: 'fingerprint',
        message:
          'is required for an SSH URL: scan the Git host (POST /api/repositories/scan), compare the fingerprint with the one the host publishes, and send it',
      });
    }
    return problems;
  }
  if (input.access === 'deploy_key') {
    problems.push({
      field: 'access',
      message: 'deploy keys work over SSH: use the SSH URL (git@host:owner/repo.git), or access public or token for an https URL',
    });
  }
  if (input.access === 'token' && input.token === undefined) problems.push({ field: 'token', message: 'is required for access token' });
  if (input.access !== 'token' && input.token !== undefined) problems.push({ field: 'token', message: 'is only used with access token' });
  if (input.access !== 'token' && input.tokenUsername !== undefined)
    problems.push({ field: 'tokenUsername', message: 'is only used with access token' });
  if (input.fingerprint !== undefined) problems.push({ field: 'fingerprint', message: 'https repositories have no host key to confirm' });
  return problems;
}
