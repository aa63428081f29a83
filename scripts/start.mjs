// `npm start`: build what is not built yet, then run Mission Control on its defaults.
// Migrations are applied by Mission Control itself at start-up.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const needed = ['server/dist/main.js', 'web/build/index.html'].filter((f) => !fs.existsSync(path.join(root, f)));

if (needed.length > 0) {
  process.stdout.write(`🦦 Otto is building Mission Control (missing: ${needed.join(', ')})...\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
}

await import(path.join(root, 'server', 'dist', 'main.js'));
