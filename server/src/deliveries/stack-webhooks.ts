import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import { AppConfig, isLoopback } from '../config/app-config.js';
import { badRequest, notFound } from '../errors/api-error.js';
import { VaultService } from '../vault/vault.service.js';
import type { DeliveryDto, StackWebhookDto, WebhookSecretDto } from './delivery.dto.js';
import { DeliveryStore } from './delivery.store.js';
import { StackState } from './stack-state.js';
import { webhookSetup } from './webhook-setup.js';

/** A stack's webhook (its URL, a secret shown once) and the record of its deliveries. */
@Injectable()
export class StackWebhooks {
  constructor(
    private readonly stacks: StackState,
    private readonly store: DeliveryStore,
    private readonly vault: VaultService,
    private readonly config: AppConfig,
  ) {}

  /** `origin` is the one the request came to (its Host passed the HTTP guard); OTTERNAUTS_PUBLIC_URL wins. */
  async get(stackId: string, origin: string): Promise<StackWebhookDto> {
    const stack = await this.gitStack(stackId);
    const url = stack.hookId ? this.url(stack.hookId, origin) : null;
    return {
      url,
      configured: Boolean(stack.hookId && stack.hookSecret),
      reachableHint: this.hint(stack, origin),
      providers: webhookSetup(url, stack.gitRef),
    };
  }

  /** Makes the webhook on the first call; every call makes a new secret, answered this once. */
  async rotate(stackId: string, origin: string): Promise<WebhookSecretDto> {
    const stack = await this.gitStack(stackId);
    // the id only names the webhook; long and random all the same, so hooks cannot be enumerated
    const hookId = stack.hookId ?? randomBytes(18).toString('base64url');
    const secret = randomBytes(32).toString('base64url');
    await this.stacks.setHook(stack.id, hookId, this.vault.seal(secret));
    return { url: this.url(hookId, origin), secret };
  }

  async deliveries(stackId: string): Promise<DeliveryDto[]> {
    if (!(await this.stacks.byId(stackId))) throw notFound('stack', stackId);
    return (await this.store.list(stackId)).map((d) => ({
      id: d.id,
      at: d.createdAt,
      source: d.source,
      event: d.event,
      deliveryId: d.deliveryId,
      ref: d.ref,
      commit: d.commitSha,
      signature: d.signature,
      decision: d.decision,
      reason: d.reason,
      deploymentId: d.deploymentId,
      version: d.version,
      pullRequest: d.pullRequest,
      action: d.action,
    }));
  }

  private async gitStack(stackId: string): Promise<Stack> {
    const stack = await this.stacks.byId(stackId);
    if (!stack) throw notFound('stack', stackId);
    if (!stack.repositoryId) {
      throw badRequest(
        'not_a_git_stack',
        `The stack ${stack.name} is a pasted file: webhooks deploy stacks from a repository. Give it a repository source first.`,
      );
    }
    return stack;
  }

  private url(hookId: string, origin: string): string {
    return `${this.config.publicUrl ?? origin}/api/hooks/${hookId}`;
  }

  private hint(stack: Stack, origin: string): string | null {
    if (this.config.publicUrl) return null;
    const host = new URL(origin).hostname.replace(/^\[(.*)\]$/, '$1');
    if (!isLoopback(host)) {
      return 'This URL uses the address you opened Mission Control at; if the Git host reaches it under another name, set OTTERNAUTS_PUBLIC_URL.';
    }
    const polls = stack.autoDeploy && stack.pollIntervalSeconds > 0;
    return polls
      ? `Mission Control listens on loopback: Git hosts cannot reach it; polling covers you (every ${stack.pollIntervalSeconds} s).`
      : 'Mission Control listens on loopback: Git hosts cannot reach it. Turn polling on for this stack, or set OTTERNAUTS_PUBLIC_URL to an address the Git host reaches.';
  }
}
