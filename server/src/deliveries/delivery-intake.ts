import type { IncomingHttpHeaders } from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import { RateLimiter } from '../common/rate-limiter.js';
import { ApiError } from '../errors/api-error.js';
import { GitService } from '../git/git.service.js';
import { JobsService } from '../jobs/jobs.service.js';
import { VaultService } from '../vault/vault.service.js';
import { CommitDeployer } from './commit-deployer.js';
import { decide, type Verdict } from './decide.js';
import { DELIVERY_JOB } from './delivery-job.js';
import { DeliveryStore } from './delivery.store.js';
import type { DeliveryDecision, DeliverySource, FollowedRef, HookEvent, HookProvider, SignatureVerdict } from './delivery.types.js';
import { followedInMirror } from './followed-ref.js';
import { pushedRef, ZERO_SHA } from './git-refs.js';
import { detectProvider, header } from './hook-headers.js';
import { parsePayload, PayloadError } from './payloads/parse-payload.js';
import { reasons } from './reasons.js';
import { RequestIntake } from './request-intake.js';
import { SIGNATURE_HEADER, verifySignature } from './signatures.js';
import { StackState, type GitStack } from './stack-state.js';

export interface HookAnswer {
  status: number;
  decision: DeliveryDecision;
  reason: string;
  /** the delivery's record in Mission Control; null when a rejected one was not recorded (rate limit) */
  deliveryId: string | null;
}

const STATUS: Record<string, number> = { queued: 202, rejected: 401 };

/** Header values a forger controls are stored short. */
const clip = (value: string | null | undefined) => (value ? value.slice(0, 200) : null);

/**
 * Every webhook and every poll that saw a new commit comes in here: checked, decided,
 * recorded, and queued for the stack's delivery job. The answer is ready within a second:
 * nothing here fetches or deploys.
 */
@Injectable()
export class DeliveryIntake {
  private readonly logger = new Logger('deliveries');
  /** A stream of forged requests must not fill the database: recording rejections is rate-limited. */
  private readonly rejections = new RateLimiter('rejected webhook deliveries', {
    perClient: { burst: 20, perMinute: 10 },
    overall: { burst: 60, perMinute: 60 },
  });

  constructor(
    private readonly store: DeliveryStore,
    private readonly stacks: StackState,
    private readonly vault: VaultService,
    private readonly git: GitService,
    private readonly deployer: CommitDeployer,
    private readonly jobs: JobsService,
    private readonly requests: RequestIntake,
  ) {}

  async receiveWebhook(
    hookId: string,
    headers: IncomingHttpHeaders,
    rawBody: Buffer | undefined,
    payload: unknown,
    client: string,
  ): Promise<HookAnswer> {
    const stack = await this.stacks.byHookId(hookId);
    if (!stack?.hookSecret) {
      throw new ApiError(
        404,
        'not_found',
        "No webhook at this address: copy the webhook URL again from the stack's page in Mission Control.",
      );
    }
    const provider = detectProvider(headers);
    const secret = await this.vault.open(stack.hookSecret);
    const signature = rawBody ? verifySignature(provider, headers, rawBody, secret) : 'missing';
    if (signature !== 'valid') return this.reject(stack, provider, signature, headers, client);

    let event: HookEvent;
    try {
      event = parsePayload(provider, headers, payload);
    } catch (err) {
      if (!(err instanceof PayloadError)) throw err;
      const row = await this.recordFor(stack.id, provider, 'valid', { decision: 'ignored', reason: reasons.malformed(err.message) }, null);
      return { status: 400, decision: 'ignored', reason: row.reason, deliveryId: row.id };
    }
    if (event.pullRequest) {
      const row = await this.requests.admit(stack, provider, { ...event, pullRequest: event.pullRequest });
      return this.answer(row.decision as DeliveryDecision, row.reason, row.id);
    }
    const git = await this.stacks.gitStack(stack.id);
    if (!git) {
      const row = await this.recordFor(stack.id, provider, 'valid', { decision: 'ignored', reason: reasons.notGit }, event);
      return this.answer(row.decision as DeliveryDecision, row.reason, row.id);
    }
    const followed = await followedInMirror(this.git, git.repository, git.gitRef ?? '');
    return this.admit(git, provider, 'valid', event, followed);
  }

  /** A poll that saw a new commit: the same decision and queue as a push, unsigned. */
  receivePoll(stack: GitStack, event: HookEvent, followed: FollowedRef): Promise<HookAnswer> {
    return this.admit(stack, 'poll', 'none', event, followed);
  }

  private async admit(
    stack: GitStack,
    source: DeliverySource,
    signature: SignatureVerdict,
    event: HookEvent,
    followed: FollowedRef,
  ): Promise<HookAnswer> {
    // one stack's deliveries are decided one at a time: two copies of a redelivery must not both pass as new
    const row = await this.jobs.exclusive(`deliveries\u0000${stack.id}`, async () => {
      const first = event.deliveryId ? await this.store.firstValid(stack.id, source, event.deliveryId) : null;
      const watched = event.changedFiles ? await this.deployer.watchedPaths(stack.id) : null;
      const verdict = decide({
        source,
        signature,
        signatureHeader: source === 'poll' || source === 'ttl' ? '' : SIGNATURE_HEADER[source],
        firstReceived: first?.createdAt ?? null,
        event,
        stack: { id: stack.id, followed, tagPattern: stack.tagPattern, autoDeploy: stack.autoDeploy },
        watchedPaths: watched?.length ? watched : null,
        deployedCommit: await this.stacks.deployedCommit(stack.id),
      });
      if (!first) await this.noteSeen(stack, event, followed);
      return this.recordFor(stack.id, source, signature, verdict, event);
    });
    await this.store.prune(stack.id);
    if (row.decision === 'queued') await this.jobs.enqueue(DELIVERY_JOB, { type: 'stack', id: stack.id }, {});
    this.logger.log({ stackId: stack.id, source, event: event.event, decision: row.decision }, row.reason);
    return this.answer(row.decision as DeliveryDecision, row.reason, row.id);
  }

  /** A push to the followed ref is news the poller need not report again. */
  private async noteSeen(stack: Stack, event: HookEvent, followed: FollowedRef): Promise<void> {
    if (!event.ref || !event.after || ZERO_SHA.test(event.after)) return;
    const pushed = pushedRef(event.ref);
    if ((pushed.kind === 'branch' || pushed.kind === 'tag') && pushed.kind === followed.kind && pushed.name === followed.name) {
      await this.stacks.markSeen(stack.id, event.after);
    }
  }

  private async reject(
    stack: Stack,
    source: HookProvider,
    signature: SignatureVerdict,
    headers: IncomingHttpHeaders,
    client: string,
  ): Promise<HookAnswer> {
    const reason = signature === 'invalid' ? reasons.signatureMismatch : reasons.signatureMissing(SIGNATURE_HEADER[source]);
    let recorded: string | null = null;
    try {
      this.rejections.take(client);
      // nothing of an unverified body is kept: only what the headers claim, clipped
      const event = clip(header(headers, 'x-github-event') ?? header(headers, 'x-gitlab-event') ?? header(headers, 'x-gitea-event'));
      const row = await this.store.record({
        stackId: stack.id,
        source,
        event,
        deliveryId: null,
        ref: null,
        commitSha: null,
        signature,
        decision: 'rejected',
        reason,
      });
      recorded = row.id;
      await this.store.prune(stack.id);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 429)) throw err;
    }
    this.logger.warn({ stackId: stack.id, source, client }, `webhook refused: ${reason}`);
    return { status: 401, decision: 'rejected', reason, deliveryId: recorded };
  }

  private recordFor(stackId: string, source: DeliverySource, signature: SignatureVerdict, verdict: Verdict, event: HookEvent | null) {
    const given = 'commit' in verdict ? verdict.commit : event?.after;
    const commit = given && !ZERO_SHA.test(given) ? given : null;
    return this.store.record({
      stackId,
      source,
      event: clip(event?.event),
      deliveryId: clip(event?.deliveryId),
      ref: clip(event?.ref),
      commitSha: clip(commit),
      signature,
      decision: verdict.decision,
      reason: verdict.reason,
    });
  }

  private answer(decision: DeliveryDecision, reason: string, deliveryId: string): HookAnswer {
    return { status: STATUS[decision] ?? 200, decision, reason, deliveryId };
  }
}
