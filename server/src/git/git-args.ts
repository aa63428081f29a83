import { badRequest } from '../errors/api-error.js';

/** What a branch or tag name may look like (git check-ref-format, plus: never an option). */
export function refProblem(ref: string): string | null {
  if (typeof ref !== 'string' || ref === '') return 'it is empty';
  if (ref.length > 255) return 'it is longer than 255 characters';
  if (ref.startsWith('-')) return 'it starts with "-"';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\]/.test(ref)) return 'it contains a space, a control character or one of ~ ^ : ? * [ \\';
  if (ref.includes('..') || ref.includes('@{') || ref.includes('//')) return 'it contains "..", "@{" or "//"';
  if (ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.') || ref.endsWith('.lock') || ref === '@')
    return 'it is not a valid ref name';
  if (ref.split('/').some((part) => part.startsWith('.'))) return 'a part of it starts with "."';
  return null;
}

export function checkRef(ref: string): void {
  const problem = refProblem(ref);
  if (problem)
    throw badRequest('ref_invalid', `${JSON.stringify(ref)} is not a branch, tag or commit name: ${problem}.`, [
      { field: 'ref', message: problem },
    ]);
}

/** A commit sha (full or abbreviated) as git is given it. */
export function checkSha(sha: string): void {
  if (typeof sha !== 'string' || !/^[0-9a-f]{4,64}$/i.test(sha)) {
    throw badRequest('sha_invalid', `${JSON.stringify(String(sha).slice(0, 80))} is not a commit sha (4 to 64 hex digits).`, [
      { field: 'sha', message: 'not a commit sha' },
    ]);
  }
}
