import { describe, expect, it } from '@jest/globals';
import { parseDocument } from 'yaml';
import type { BuildTarget, ValidationContext } from './types.js';
import { validateStack } from './validate-stack.js';
import { yaml } from './testing/validate.js';

const SHA = '4f2a9c1e8b0d3f6a7c5e9b1d2f4a6c8e0b3d5f7a';
const target = (over: Partial<BuildTarget> = {}): BuildTarget => ({
  registry: '10.77.0.11:5000',
  composeFile: 'deploy/compose.yaml',
  commit: SHA,
  imageStack: 'shop',
  ...over,
});
const ctx = (builds: BuildTarget | undefined, files: ValidationContext['files'] = 'repository'): ValidationContext => ({
  secretNames: new Set(['TOKEN']),
  domainsInUse: new Map(),
  files,
  builds,
});
const check = (text: string, builds: BuildTarget | undefined = target(), files: ValidationContext['files'] = 'repository') =>
  validateStack('shop', text, ctx(builds, files));
const web = (...lines: string[]) => yaml('services:', '  web:', ...lines);
const messages = (issues: Array<{ message: string }>) => issues.map((i) => i.message);

describe('build: in a stack from a repository with a registry for builds', () => {
  it('builds a string context relative to the Compose file, tagged <registry>/<stack>/<service>:<commit>', () => {
    const result = check(web('    build: ../app'));
    expect(result.errors).toEqual([]);
    expect(result.builds).toEqual([
      {
        service: 'web',
        image: `10.77.0.11:5000/shop/web:${SHA}`,
        spec: { context: 'app', dockerfile: 'Dockerfile', args: {}, target: null },
      },
    ]);
    expect(result.services[0].image).toBe(`10.77.0.11:5000/shop/web:${SHA}`);
  });

  it('reads the map form: context, dockerfile inside it, args as a map or a list, target', () => {
    const map = check(
      web(
        '    build:',
        '      context: .',
        '      dockerfile: docker/Dockerfile.prod',
        '      args:',
        '        VERSION: 1.20',
        '        EMPTY: ""',
        '        PRICE: "$$5"',
        '      target: runtime',
      ),
    );
    expect(map.errors).toEqual([]);
    expect(map.builds[0].spec).toEqual({
      context: 'deploy',
      dockerfile: 'docker/Dockerfile.prod',
      args: { VERSION: '1.20', EMPTY: '', PRICE: '$5' },
      target: 'runtime',
    });
    const list = check(web('    build:', '      context: ./svc', '      args:', '        - A=1', '        - B=x=y', '        - C='));
    expect(list.errors).toEqual([]);
    expect(list.builds[0].spec).toEqual({
      context: 'deploy/svc',
      dockerfile: 'Dockerfile',
      args: { A: '1', B: 'x=y', C: '' },
      target: null,
    });
  });

  it('takes a local folder whose name ends in .git for a folder, as Docker does', () => {
    expect(check(web('    build: ./app.git')).builds[0].spec.context).toBe('deploy/app.git');
  });

  it('builds the Compose file folder when a build map has no context, and the root for a Compose file at the root', () => {
    expect(check(web('    build:', '      target: x')).builds[0].spec.context).toBe('deploy');
    expect(check(web('    build: .'), target({ composeFile: 'compose.yaml' })).builds[0].spec.context).toBe('');
  });

  it('renders the built tag in place of image and drops build, keeping comments', () => {
    const text = web('    # the shop front', '    image: nginx:1.27 # replaced', '    build: .', '    deploy:', '      replicas: 2');
    const result = check(text);
    expect(result.warnings).toContainEqual({
      message: `Service web is built from the repository, so it runs 10.77.0.11:5000/shop/web:${SHA} instead of nginx:1.27: remove \`image\`, or remove \`build\` to run that image.`,
      line: 4,
      column: 5,
      path: 'services.web.image',
    });
    expect(result.rendered).toBe(
      web('    # the shop front', `    image: 10.77.0.11:5000/shop/web:${SHA} # replaced`, '    deploy:', '      replicas: 2'),
    );
  });

  it('drops a build merged in with <<, and gives each service its own tag when anchors share the definition', () => {
    const text = yaml(
      'x-app: &app',
      '  build: ./app',
      '  environment: [A=1]',
      'services:',
      '  web:',
      '    <<: *app',
      '  worker:',
      '    <<: *app',
      '    command: work',
    );
    const result = check(text);
    expect(result.errors).toEqual([]);
    expect(result.builds.map((b) => [b.service, b.image, b.spec.context])).toEqual([
      ['web', `10.77.0.11:5000/shop/web:${SHA}`, 'deploy/app'],
      ['worker', `10.77.0.11:5000/shop/worker:${SHA}`, 'deploy/app'],
    ]);
    const rendered = parseDocument(result.rendered!, { merge: true }).toJS() as { services: Record<string, Record<string, unknown>> };
    expect(rendered.services.web).toEqual({ image: `10.77.0.11:5000/shop/web:${SHA}`, environment: ['A=1'] });
    expect(rendered.services.worker).toEqual({ image: `10.77.0.11:5000/shop/worker:${SHA}`, environment: ['A=1'], command: 'work' });
    expect(result.rendered).not.toMatch(/build/);
    // what is rendered validates again, as a file with nothing left to build
    expect(check(result.rendered!).errors).toEqual([]);
  });

  it('gives a whole-service alias its own copy, not the tag of the service it copies', () => {
    const result = check(yaml('services:', '  web: &web', '    build: .', '  web2: *web'));
    expect(result.errors).toEqual([]);
    const rendered = parseDocument(result.rendered!, { merge: true }).toJS() as { services: Record<string, Record<string, unknown>> };
    expect(rendered.services).toEqual({
      web: { image: `10.77.0.11:5000/shop/web:${SHA}` },
      web2: { image: `10.77.0.11:5000/shop/web2:${SHA}` },
    });
  });

  it('names images with a registry path, lower-cased service names and the stack it is given (a preview: its parent)', () => {
    const result = check(yaml('services:', '  Web_API.v2:', '    build: .'), target({ registry: 'ghcr.io/otto', imageStack: 'parent' }));
    expect(result.builds[0].image).toBe(`ghcr.io/otto/parent/web_api.v2:${SHA}`);
    expect(check(yaml('services:', '  _web-:', '    build: .')).builds[0].image).toBe(`10.77.0.11:5000/shop/web:${SHA}`);
  });

  it('refuses two services whose image names meet once lower-cased', () => {
    const result = check(yaml('services:', '  web:', '    build: .', '  WEB:', '    build: .'));
    expect(messages(result.errors)).toEqual([
      `Services web and WEB would both build the image 10.77.0.11:5000/shop/web:${SHA} (image names are lower case): rename one of them.`,
    ]);
    expect(result.errors[0]).toMatchObject({ line: 5, column: 5, path: 'services.WEB.build' });
  });

  it('refuses a registry that cannot start an image name', () => {
    for (const registry of ['otto', 'ghcr.io/Otto', 'bad host:5000']) {
      expect(check(web('    build: .'), target({ registry })).errors[0].message).toMatch(
        /^Service web cannot be built: the (path of the )?registry for builds/,
      );
    }
  });
});

describe('build: refused or warned about, at its line', () => {
  const errorOf = (...lines: string[]) => {
    const result = check(web(...lines));
    expect(result.valid).toBe(false);
    expect(result.builds).toEqual([]);
    return result.errors;
  };

  it('refuses a context that leaves the repository, is absolute, in a home folder, or uses a variable', () => {
    expect(errorOf('    build: ../../elsewhere')[0]).toEqual({
      message:
        'Service web: The build context "../../elsewhere" leaves the repository (it is read from deploy/), and only the repository\'s files are built: write it relative to deploy/compose.yaml, like . for deploy/ or ./app.',
      line: 3,
      column: 12,
      path: 'services.web.build',
    });
    expect(errorOf('    build:', '      context: /srv/app')[0]).toMatchObject({ line: 4, column: 16, path: 'services.web.build.context' });
    expect(errorOf('    build:', '      context: /srv/app')[0].message).toMatch(/is absolute/);
    expect(errorOf('    build: ~/app')[0].message).toMatch(/home folder/);
    expect(messages(errorOf('    build: ./${DIR}'))).toContainEqual(expect.stringMatching(/uses `\$`, which Docker reads as a variable/));
    expect(errorOf('    build: C:\\app')[0].message).toMatch(/is absolute/);
    expect(errorOf('    build: "./a\\tb"')[0].message).toMatch(/control character/);
  });

  it('refuses remote contexts (Git and HTTP URLs)', () => {
    for (const remote of [
      'https://github.com/otto/app.git',
      'git@github.com:otto/app.git',
      'github.com/otto/app',
      'git://example.com/app',
      'http://example.com/ctx.tar.gz',
      'ssh://git@example.com/app',
    ]) {
      expect([remote, errorOf(`    build: "${remote}"`)[0].message]).toEqual([remote, expect.stringMatching(/is a remote context/)]);
    }
  });

  it('refuses a Dockerfile outside the context, absolute, or a folder', () => {
    const at = (dockerfile: string) => errorOf('    build:', '      context: ./app', `      dockerfile: ${dockerfile}`)[0];
    expect(at('../Dockerfile')).toEqual({
      message:
        'Service web: The Dockerfile "../Dockerfile" is outside the build context, and the builder is sent the context only: write its path inside the build context (deploy/app/), like Dockerfile or docker/Dockerfile.prod.',
      line: 5,
      column: 19,
      path: 'services.web.build.dockerfile',
    });
    expect(at('a/../../Dockerfile').message).toMatch(/outside the build context/);
    expect(at('/etc/Dockerfile').message).toMatch(/not inside the build context/);
    expect(at('docker/').message).toMatch(/names a folder/);
  });

  it('refuses dockerfile_inline, ssh, secrets and the other keys a build from the commit cannot honour, and unknown keys', () => {
    const errors = errorOf(
      '    build:',
      '      dockerfile_inline: FROM busybox',
      '      ssh: [default]',
      '      secrets: [token]',
      '      network: host',
      '      privileged: true',
      '      contxt: .',
    );
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [4, 'services.web.build.dockerfile_inline'],
      [5, 'services.web.build.ssh'],
      [6, 'services.web.build.secrets'],
      [7, 'services.web.build.network'],
      [8, 'services.web.build.privileged'],
      [9, 'services.web.build.contxt'],
    ]);
    expect(errors[0].message).toBe(
      '`build.dockerfile_inline` in service web cannot be honoured: write the Dockerfile into the repository and name it with `dockerfile`, so the commit says what is built.',
    );
    expect(errors[5].message).toBe('Unknown key `build.contxt` in service web: a build reads context, dockerfile, args and target.');
  });

  it('warns about the keys it leaves out, and still builds', () => {
    const result = check(web('    build:', '      context: .', '      cache_from: [x]', '      labels: [a=b]', '      x-note: ok'));
    expect(result.errors).toEqual([]);
    expect(result.warnings.filter((w) => w.path.startsWith('services.web.build')).map((w) => [w.line, w.message])).toEqual([
      [5, "`build.cache_from` in service web is left out: the build server's own cache is used."],
      [
        6,
        '`build.labels` in service web is left out: the built image carries only the labels of its Dockerfile (and org.otternauts.stack).',
      ],
    ]);
  });

  it('refuses variables in build args (secrets would be baked into the image history), values taken from the environment, and odd names', () => {
    const errors = errorOf(
      '    build:',
      '      context: .',
      '      args:',
      '        - TOKEN=${TOKEN}',
      '        - HOME_DIR',
      '        - 1BAD=x',
      '        - A=1',
      '        - A=2',
      '        - B=$OTHER',
      '        - C=${X:-fallback}',
    );
    // line 11 also has the view's "OTHER is not a stored secret"
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [6, 'services.web.build.args[0]'],
      [7, 'services.web.build.args[1]'],
      [8, 'services.web.build.args[2]'],
      [10, 'services.web.build.args[4]'],
      [11, 'services.web.build.args[5]'],
      [11, 'services.web.build.args[5]'],
      [12, 'services.web.build.args[6]'],
    ]);
    expect(errors[0].message).toMatch(
      /^The build arg TOKEN in service web uses a variable: build args are written into the image's history/,
    );
    expect(errors[1].message).toBe(
      'The build arg HOME_DIR in service web has no value, so docker compose would take it from its own environment: write the value (NAME=value).',
    );
    expect(errors[3].message).toBe('The build arg A is given twice in service web: keep one.');
  });

  it('refuses a map arg without a value, a huge args map, a long value and a target that is not a stage name', () => {
    expect(errorOf('    build:', '      args:', '        EMPTY:')[0].message).toMatch(/EMPTY in service web has no value/);
    const many = Array.from({ length: 101 }, (_, i) => `        A${i}: x`);
    expect(errorOf('    build:', '      args:', ...many)[0]).toMatchObject({
      message: 'Service web has 101 build args; at most 100 are built with.',
      line: 4,
      path: 'services.web.build.args',
    });
    expect(errorOf('    build:', '      args:', `        LONG: ${'x'.repeat(4097)}`)[0].message).toMatch(/longer than 4096/);
    expect(errorOf('    build:', '      target: "-x; rm -rf /"')[0].message).toMatch(/must be the name of a stage/);
  });

  it('survives a huge build map and deep anchors without building anything', () => {
    const keys = Array.from({ length: 5000 }, (_, i) => `      k${i}: v`);
    const errors = errorOf('    build:', ...keys);
    expect(errors).toHaveLength(5000);
    expect(errors.every((e) => e.message.startsWith('Unknown key `build.k'))).toBe(true);
  });
});

describe('build: without a registry for builds, and in pasted stacks', () => {
  it('a stack from a repository without a registry: an error on the build line without image, a warning with one', () => {
    const alone = check(web('    build: .'), target({ registry: null }));
    expect(alone.errors.map((e) => [e.line, e.column, e.path])).toEqual([[3, 5, 'services.web.build']]);
    expect(alone.errors[0].message).toBe(
      "Service web has `build`, and this stack names no registry for builds: choose one in the stack's source settings (the image is built from the commit and pushed there), or name a pre-built image in `image` and drop `build`.",
    );
    // a Git stack written before builds existed keeps deploying its named image
    const named = check(web('    image: nginx:1.27', '    build: .'), target({ registry: null }));
    expect(named.errors).toEqual([]);
    expect(named.builds).toEqual([]);
    expect(named.warnings.map((w) => [w.line, w.path, w.message])).toContainEqual([
      4,
      'services.web.build',
      "`build` in service web is not built: this stack names no registry for builds, so nginx:1.27 is deployed as it is in its registry. Choose a registry for builds in the stack's source settings to build it from the commit.",
    ]);
    expect(validateStack('shop', web('    build: .'), ctx(undefined)).errors[0].message).toMatch(/names no registry for builds/);
  });

  it('a pasted stack keeps its rules: an error without image, a warning with one, no build planned, even given a target', () => {
    const alone = check(web('    build: .'), target(), 'none');
    expect(messages(alone.errors)).toEqual([
      expect.stringMatching(/^Service web has `build` but no `image`: docker stack deploy does not build images/),
    ]);
    const withImage = check(web('    image: nginx:1.27', '    build: https://example.com/x.git'), target(), 'none');
    expect(withImage.errors).toEqual([]);
    expect(withImage.builds).toEqual([]);
    expect(messages(withImage.warnings)).toContain(
      '`build` in service web is ignored by docker stack deploy: the image nginx:1.27 is deployed as it is in its registry.',
    );
    expect(withImage.rendered).toContain('build: https://example.com/x.git');
  });
});
