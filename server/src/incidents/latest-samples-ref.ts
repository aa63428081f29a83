import type { ModuleRef } from '@nestjs/core';
import { LatestSamples } from '../metrics/metrics.types.js';

/**
 * The metrics sampler's latest samples, found in the whole application rather than imported:
 * the metrics module reads stacks, so importing it from the stacks module would be a cycle.
 * Null while no module provides LatestSamples (health and disk watching then use Swarm's view only).
 */
export function latestSamplesOf(moduleRef: ModuleRef): LatestSamples | null {
  try {
    return moduleRef.get(LatestSamples, { strict: false });
  } catch {
    return null;
  }
}
