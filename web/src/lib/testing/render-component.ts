import { transformSync } from '@swc/core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Component } from 'svelte';
import { compile, compileModule } from 'svelte/compiler';
import { render } from 'svelte/server';

/**
 * Server-side renders a dashboard component in Jest, so a spec can check the markup it
 * makes from given props (what a screen reader reads, which words show). Jest has no
 * Svelte transform: the component and the .svelte / .svelte.ts files it imports are
 * compiled here, written under node_modules/.cache (so bare imports still resolve) and
 * imported from there. Plain .ts imports stay as they are and go through Jest's swc.
 * Effects and onMount do not run on the server: props in, markup out.
 */
const libDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.resolve(libDir, '..', '..', '..', 'node_modules', '.cache', 'otternauts-component-tests', String(process.pid));

const compiled = new Map<string, string>();
// Copies left by earlier runs (Jest workers exit without a hook that could remove them) go
// here, once their process is gone; ours starts empty so a reused pid never imports stale code.
for (const name of fs.existsSync(path.dirname(outDir)) ? fs.readdirSync(path.dirname(outDir)) : []) {
  if (name === String(process.pid) || !alive(Number(name)))
    fs.rmSync(path.join(path.dirname(outDir), name), { recursive: true, force: true });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function outPath(source: string): string {
  return path.join(
    outDir,
    path.relative(libDir, source).replace(/\.svelte(\.ts)?$/, (m) => (m === '.svelte' ? '.svelte.mjs' : '.svelte-ts.mjs')),
  );
}

/** Rewrites imports of Svelte files to their compiled copies and drops stylesheet imports. */
function relink(code: string): string {
  return code
    .replace(/^import\s+['"][^'"]+\.css['"];?$/gm, '')
    .replace(/(from\s+|import\s*\(\s*)(['"])#lib\/([^'"]+\.svelte(?:\.ts)?)\2/g, (_m, lead: string, quote: string, rel: string) => {
      const target = build(path.join(libDir, rel));
      return `${lead}${quote}${target}${quote}`;
    });
}

function build(source: string): string {
  const known = compiled.get(source);
  if (known) return known;
  const target = outPath(source);
  compiled.set(source, target);
  const text = fs.readFileSync(source, 'utf8');
  let js: string;
  if (source.endsWith('.svelte')) {
    js = compile(text, { filename: source, generate: 'server', css: 'external' }).js.code;
  } else {
    const plain = transformSync(text, { filename: source, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' } }).code;
    js = compileModule(plain, { filename: source, generate: 'server' }).js.code;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, relink(js));
  return target;
}

/** Renders `#lib/<file>` (e.g. 'components/ServiceHealth.svelte') with props; answers the HTML body. */
export async function renderComponent(file: string, props: Record<string, unknown> = {}): Promise<string> {
  const module = (await import(build(path.join(libDir, file)))) as { default: Component<Record<string, unknown>> };
  return render(module.default, { props }).body;
}

/** The text a person reads in rendered markup: tags and Svelte's hydration comments gone, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The inner markup of each `<tag>` element (not nested in one another), in order. */
export function elements(html: string, tag: string): string[] {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map((m) => m[1]);
}
