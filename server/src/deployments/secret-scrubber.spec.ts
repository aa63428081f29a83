import { describe, expect, it } from '@jest/globals';
import { StepFailure } from '../jobs/job.types.js';
import { DeployTimeout } from './deployment.job.js';
import { scrubError, secretScrubber } from './secret-scrubber.js';

describe('secretScrubber', () => {
  const scrub = secretScrubber(
    new Map([
      ['IMAGE_TAG', 'Ab"c\\d'],
      ['PASS', "it's $ecret"],
      ['SHORT', 'web'],
    ]),
  );

  it('should replace a value as written, JSON/%q-escaped and shell-quoted', () => {
    expect(scrub('ContainerSpec: "Local/BusyBox:Ab\\"c\\\\d" is not a valid repository/tag')).toBe(
      'ContainerSpec: "Local/BusyBox:[secret IMAGE_TAG]" is not a valid repository/tag',
    );
    expect(scrub('invalid reference format: Ab"c\\d')).toBe('invalid reference format: [secret IMAGE_TAG]');
    expect(scrub(`sh: 'it'\\''s $ecret': not found`)).toBe('sh: [secret PASS]: not found');
    expect(scrub("PASS=it's $$ecret in the file")).toBe('PASS=[secret PASS] in the file');
  });

  it('should replace every occurrence, and leave values too short to be told from words', () => {
    expect(scrub("it's $ecret and it's $ecret; web runs")).toBe('[secret PASS] and [secret PASS]; web runs');
  });

  it('should leave text alone when the file took no value', () => {
    expect(secretScrubber(new Map())('nothing to hide')).toBe('nothing to hide');
  });
});

describe('scrubError', () => {
  const scrub = secretScrubber(new Map([['TOKEN', 'hunter22']]));

  it('should scrub message and stack and keep the class the job runner reads', () => {
    const failure = scrubError(new StepFailure('refused: hunter22'), scrub);
    expect(failure).toBeInstanceOf(StepFailure);
    expect(failure.message).toBe('refused: [secret TOKEN]');
    expect(failure.stack).not.toContain('hunter22');
    expect(scrubError(new DeployTimeout('late: hunter22'), scrub)).toBeInstanceOf(DeployTimeout);
    const bug = scrubError(new TypeError('bad hunter22'), scrub);
    expect([bug instanceof TypeError, bug instanceof StepFailure, bug.message]).toEqual([true, false, 'bad [secret TOKEN]']);
  });

  it('should hand back a clean error as it is', () => {
    const err = new Error('clean');
    expect(scrubError(err, scrub)).toBe(err);
    expect(scrubError('thrown hunter22', scrub).message).toBe('thrown [secret TOKEN]');
  });
});
