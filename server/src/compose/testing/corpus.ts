import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Real third-party Compose files, kept unchanged as test fixtures (sources and licences: corpus/README.md). */
export const corpusDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'corpus');

export interface OracleRow {
  file: string;
  verdict: 'accepted' | 'rejected';
  /** The first line `docker stack config` printed on stderr, for rejected files. */
  dockerSaid: string;
}

export function readOracle(): OracleRow[] {
  return fs
    .readFileSync(path.join(corpusDir, 'STACK_CONFIG_ORACLE.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [file, verdict] = line.split(',', 2);
      return { file, verdict: verdict as OracleRow['verdict'], dockerSaid: line.slice(file.length + verdict.length + 2) };
    });
}

export function readCorpusFile(file: string): string {
  return fs.readFileSync(path.join(corpusDir, file), 'utf8');
}

/** A valid stack name made from the file name: lower case, other characters as "-". */
export function stackNameFor(file: string): string {
  return path
    .basename(file)
    .replace(/\.ya?ml$/, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 63);
}
