import type { Schemas } from '../api/client.js';
import type { Output } from '../output/output.js';
import type { DeploymentOutcome } from './follow-deployment.js';

type Deployment = Schemas['DeploymentDto'];
type StackService = Schemas['StackServiceDto'];

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A deployment's progress on stderr: on a terminal one line redrawn in place (step, replicas,
 * time) with each finished step kept above it; in a CI log, a plain line whenever something
 * changes. Nothing with --json.
 */
export class ProgressView {
  private lastLine = '';
  private stepsDone = new Set<string>();
  private frame = 0;
  private readonly started = Date.now();

  constructor(
    private readonly out: Output,
    private readonly stack: string,
  ) {}

  show(d: Deployment, services: StackService[]): void {
    if (this.out.json) return;
    const steps = d.job?.steps ?? [];
    for (const step of steps) {
      if (d.job?.completedSteps.includes(step.name) && !this.stepsDone.has(step.name)) {
        this.stepsDone.add(step.name);
        this.permanent(`✓ ${step.title}`);
      }
    }
    const current = steps.find((s) => s.name === d.job?.currentStep);
    const replicas = services.map((s) => `${s.name} ${s.replicasRunning}/${s.replicasDesired}`).join(', ');
    const status = d.status === 'queued' ? 'queued' : (current?.title ?? d.status);
    const line = `${this.stack} version ${d.version}: ${status}${replicas ? ` · ${replicas}` : ''}`;
    if (this.out.interactive) {
      const frame = SPINNER[this.frame++ % SPINNER.length];
      this.out.stderr.write(`\r\x1b[2K${frame} ${line} · ${Math.round((Date.now() - this.started) / 1000)}s`);
    } else if (line !== this.lastLine) {
      this.out.note(line);
    }
    this.lastLine = line;
  }

  finish(o: DeploymentOutcome, timeout: number): void {
    if (this.out.json) return;
    if (this.out.interactive) this.out.stderr.write('\r\x1b[2K');
    if (o.status === 'succeeded') {
      const replicas = o.services.map((s) => `${s.name} ${s.replicasRunning}/${s.replicasDesired}`).join(', ');
      this.out.note(`✓ ${o.stack} version ${o.version} is deployed and running${replicas ? ` (${replicas})` : ''}, in ${o.seconds}s.`);
    } else if (o.status === 'still_deploying') {
      this.out.note(
        `⏱ ${o.stack} version ${o.version} is still deploying after ${timeout}s. Mission Control carries on; see \`otternauts history ${o.stack}\`.`,
      );
    } else {
      const what = o.status === 'timed_out' ? 'timed out' : 'failed';
      this.out.note(`✗ ${o.stack} version ${o.version} ${what}: ${o.error ?? 'no reason given'}`);
      for (const s of o.services.filter((s) => s.error)) this.out.note(`  ${s.name}: ${s.error}`);
    }
  }

  private permanent(text: string): void {
    if (this.out.interactive) this.out.stderr.write('\r\x1b[2K');
    this.out.note(text);
  }
}
