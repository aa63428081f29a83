import { shortSha } from '#lib/git/commits.ts';

/** A validation issue of a file read from a repository: the API adds which file. */
export interface RepositoryIssue {
  message: string;
  line: number;
  column: number;
  file?: string;
  /** the short sha the file was read at, when the API says */
  commit?: string;
}

/**
 * "deploy/compose.yaml:12:3 at 4f2a9c1": where to look, in the form editors and git tools
 * understand. The file of the issue wins over the stack's file (an env_file beside it).
 */
export function issueWhere(issue: RepositoryIssue, fallbackFile: string, commitSha: string | null | undefined): string {
  const file = issue.file ?? fallbackFile;
  const position = issue.line > 0 ? `${file}:${issue.line}:${issue.column > 0 ? issue.column : 1}` : file;
  const sha = shortSha(issue.commit ?? commitSha);
  return sha ? `${position} at ${sha}` : position;
}

/**
 * The file to preselect: the one already chosen if the new ref still has it, else the first
 * one Mission Control listed (it puts Compose-looking names first).
 */
export function pickComposeFile(files: readonly string[], current: string): string {
  if (current !== '' && (files.includes(current) || current.endsWith('/'))) return current;
  return files[0] ?? current;
}
