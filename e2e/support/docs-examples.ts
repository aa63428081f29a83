import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** A fenced block of a docs page whose info string is exactly `sh example`. */
export interface DocsExample {
  page: string;
  /** 1-based line of the opening fence */
  line: number;
  script: string;
}

const FENCE = /^(\s*)(`{3,}|~{3,})(.*)$/;

/** Every `sh example` block of one Markdown text, in order. Other blocks (plain `sh`, yaml...) are skipped. */
export function examplesIn(page: string, markdown: string): DocsExample[] {
  const lines = markdown.split('\n');
  const found: DocsExample[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, info] = open;
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = FENCE.exec(lines[j]);
      if (close && close[2][0] === fence[0] && close[2].length >= fence.length && close[3].trim() === '') break;
      body.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j]);
    }
    if (info.trim() === 'sh example') found.push({ page, line: i + 1, script: body.join('\n') + '\n' });
    i = j;
  }
  return found;
}

/** The `sh example` blocks of every docs/*.md page, page by page (pages in name order). */
export function docsExamples(docsDir: string): DocsExample[] {
  return fs
    .readdirSync(docsDir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .flatMap((f) => examplesIn(f, fs.readFileSync(path.join(docsDir, f), 'utf8')));
}

export interface BlockRun {
  code: number;
  output: string;
}

/** One block with `bash -euo pipefail`, stdout and stderr interleaved as a reader would see them. */
export function runBlock(script: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 60_000): Promise<BlockRun> {
  const child = spawn('bash', ['-euo', 'pipefail', '-c', script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) =>
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), output: signal ? `${output}\n(killed after ${timeoutMs} ms)` : output });
    }),
  );
}
