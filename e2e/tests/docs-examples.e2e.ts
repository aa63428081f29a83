import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { docsExamples, examplesIn, runBlock } from '../support/docs-examples.js';
import { newDataDir, repoRoot, startMissionControl, type RunningMissionControl } from '../support/mission-control.js';

// Every `sh example` block of docs/*.md runs as a reader would paste it: against the built
// Mission Control in token mode (no servers), with the built CLI on PATH as `otternauts` and
// OTTERNAUTS_URL / OTTERNAUTS_TOKEN set, in bash -euo pipefail, the blocks of one page in order
// in one folder of their own. A docs command that drifts from the code fails here.

const ADMIN = 'docs-examples-admin-token-0123456789abcdef';
const MIN_BLOCKS = 10;
const MIN_PAGES = 5;

describe('the examples in docs/', () => {
  let mc: RunningMissionControl;
  let bin: string;
  const scratch: string[] = [];

  beforeAll(async () => {
    mc = await startMissionControl(newDataDir('docs-examples'), { OTTERNAUTS_ADMIN_TOKEN: ADMIN });
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-docs-bin-'));
    const cli = path.join(repoRoot, 'cli', 'dist', 'main.js');
    fs.writeFileSync(path.join(bin, 'otternauts'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} "$@"\n`, {
      mode: 0o755,
    });
    scratch.push(bin);
  });
  afterAll(async () => {
    await mc?.stop();
    for (const dir of scratch) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('should find only blocks marked exactly `sh example`', () => {
    const md = [
      '```sh',
      'echo no',
      '```',
      '```sh example',
      'echo yes',
      '```',
      '````sh example',
      '```',
      '````',
      '```sh examples',
      'no',
      '```',
    ].join('\n');
    expect(examplesIn('x.md', md)).toEqual([
      { page: 'x.md', line: 4, script: 'echo yes\n' },
      { page: 'x.md', line: 7, script: '```\n' },
    ]);
  });

  it('should run every `sh example` block of every page and pass', async () => {
    const examples = docsExamples(path.join(repoRoot, 'docs'));
    const pages = [...new Set(examples.map((e) => e.page))];
    expect(examples.length).toBeGreaterThanOrEqual(MIN_BLOCKS);
    expect(pages.length).toBeGreaterThanOrEqual(MIN_PAGES);

    const failures: string[] = [];
    for (const page of pages) {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), `otn-docs-${page.replace(/\W/g, '-')}-`));
      const config = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-docs-config-'));
      scratch.push(cwd, config);
      const env = {
        PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
        HOME: cwd,
        LANG: 'C.UTF-8',
        XDG_CONFIG_HOME: config,
        OTTERNAUTS_URL: mc.url,
        OTTERNAUTS_TOKEN: ADMIN,
      };
      for (const example of examples.filter((e) => e.page === page)) {
        const run = await runBlock(example.script, cwd, env);
        if (run.code !== 0)
          failures.push(`docs/${page}, block at line ${example.line} exited ${run.code}:\n${example.script}--- output ---\n${run.output}`);
      }
    }
    if (failures.length) throw new Error(`${failures.length} of ${examples.length} docs examples failed:\n\n${failures.join('\n\n')}`);
    console.log(`docs examples: ${examples.length} blocks from ${pages.length} pages, all passed`);
  }, 600_000);
});
