import { describe, expect, it } from '@jest/globals';
import { draftFromSource, emptySourceDraft, sourceBody, type SourceDraft } from './source-form.ts';

const draft = (over: Partial<SourceDraft>): SourceDraft => ({
  ...emptySourceDraft(),
  repositoryId: 'r1',
  ref: 'main',
  path: 'deploy/compose.yaml',
  ...over,
});

describe('sourceBody', () => {
  it('should build the source with trimmed values and the default poll interval', () => {
    expect(sourceBody(draft({ ref: ' main ', path: ' deploy/ ', pollIntervalSeconds: '' }))).toEqual({
      ok: true,
      body: { repositoryId: 'r1', ref: 'main', path: 'deploy/', tagPattern: null, pollIntervalSeconds: 60, autoDeploy: true },
    });
  });

  it('should keep a tag pattern, polling off (0) and auto-deploy off', () => {
    const result = sourceBody(draft({ tagPattern: ' v1.* ', pollIntervalSeconds: '0', autoDeploy: false }));
    expect(result).toEqual({
      ok: true,
      body: { repositoryId: 'r1', ref: 'main', path: 'deploy/compose.yaml', tagPattern: 'v1.*', pollIntervalSeconds: 0, autoDeploy: false },
    });
  });

  it.each([
    [{ repositoryId: '' }, 'repositoryId', 'source.problem.repository'],
    [{ ref: '  ' }, 'ref', 'source.problem.ref'],
    [{ path: '' }, 'path', 'source.problem.path'],
    [{ path: '/etc/compose.yaml' }, 'path', 'source.problem.pathOutside'],
    [{ path: 'deploy/../../x.yaml' }, 'path', 'source.problem.pathOutside'],
    [{ pollIntervalSeconds: '5' }, 'pollIntervalSeconds', 'source.problem.poll'],
    [{ pollIntervalSeconds: '86401' }, 'pollIntervalSeconds', 'source.problem.poll'],
    [{ pollIntervalSeconds: '1.5' }, 'pollIntervalSeconds', 'source.problem.poll'],
    [{ pollIntervalSeconds: 'soon' }, 'pollIntervalSeconds', 'source.problem.poll'],
  ])('should refuse %j naming the field', (over, field, problem) => {
    expect(sourceBody(draft(over))).toEqual({ ok: false, field, problem });
  });

  it('should accept the ends of the poll range', () => {
    expect(sourceBody(draft({ pollIntervalSeconds: '10' })).ok).toBe(true);
    expect(sourceBody(draft({ pollIntervalSeconds: '86400' })).ok).toBe(true);
  });

  it('should let a folder name that only contains dots through', () => {
    expect(sourceBody(draft({ path: 'a..b/compose.yaml' })).ok).toBe(true);
  });
});

describe('draftFromSource', () => {
  it('should give a stored source back to the form, round trip included', () => {
    const stored = { repositoryId: 'r2', ref: 'v2', path: 'compose.yml', tagPattern: 'v2.*', pollIntervalSeconds: 300, autoDeploy: false };
    const back = draftFromSource(stored);
    expect(back).toEqual({
      repositoryId: 'r2',
      ref: 'v2',
      path: 'compose.yml',
      tagPattern: 'v2.*',
      pollIntervalSeconds: '300',
      autoDeploy: false,
      buildRegistryId: '',
      storedBuildRegistryId: '',
    });
    expect(sourceBody(back)).toEqual({ ok: true, body: stored });
  });

  it('should keep the registry for builds, and send null when the form takes it away', () => {
    const stored = {
      repositoryId: 'r2',
      ref: 'main',
      path: '.',
      tagPattern: null,
      pollIntervalSeconds: 60,
      autoDeploy: true,
      buildRegistryId: 'reg1',
    };
    const back = draftFromSource(stored);
    expect(back).toMatchObject({ buildRegistryId: 'reg1', storedBuildRegistryId: 'reg1' });
    expect(sourceBody(back)).toEqual({ ok: true, body: stored });
    expect(sourceBody({ ...back, buildRegistryId: '' })).toEqual({ ok: true, body: { ...stored, buildRegistryId: null } });
    expect(sourceBody({ ...back, buildRegistryId: 'reg2' })).toMatchObject({ body: { buildRegistryId: 'reg2' } });
  });

  it('should not mention a registry for a stack that never had one and still has none', () => {
    const checked = sourceBody(draft({}));
    expect(checked.ok && 'buildRegistryId' in checked.body).toBe(false);
    expect(sourceBody(draft({ buildRegistryId: 'reg1' }))).toMatchObject({ ok: true, body: { buildRegistryId: 'reg1' } });
  });

  it('should fill what an older source lacks with the defaults', () => {
    expect(draftFromSource({ repositoryId: 'r', ref: 'main', path: '.', tagPattern: null })).toMatchObject({
      tagPattern: '',
      pollIntervalSeconds: '60',
      autoDeploy: true,
    });
  });
});
