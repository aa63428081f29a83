import { Injectable } from '@nestjs/common';
import type { Stack } from '../generated/prisma/client.js';
import { SECRET_NAME, SECRET_NAME_MESSAGE } from '../common/validators.js';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, notFound } from '../errors/api-error.js';
import { EventsService } from '../events/events.service.js';
import { VaultService } from '../vault/vault.service.js';
import type { PreviewSecretDto } from './preview-secrets.dto.js';

const view = (s: { name: string; pullRequest: number; createdAt: Date; updatedAt: Date }): PreviewSecretDto => ({
  name: s.name,
  pullRequest: s.pullRequest,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/**
 * Values a stack's previews get for `${NAME}` instead of the stored secret of that name (a
 * test database's password rather than production's): for every preview, or for one request.
 * SecretsService.valuesFor lays them over the secrets when a preview deploys.
 */
@Injectable()
export class PreviewSecretsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: VaultService,
    private readonly events: EventsService,
  ) {}

  async list(stackId: string): Promise<PreviewSecretDto[]> {
    await this.parent(stackId);
    const rows = await this.prisma.previewSecret.findMany({
      where: { stackId },
      orderBy: [{ name: 'asc' }, { pullRequest: 'asc' }],
      select: { name: true, pullRequest: true, createdAt: true, updatedAt: true },
    });
    return rows.map(view);
  }

  async put(stackId: string, name: string, value: string, pullRequest = 0): Promise<PreviewSecretDto> {
    const stack = await this.parent(stackId);
    if (!SECRET_NAME.test(name))
      throw badRequest('validation_failed', `name: ${SECRET_NAME_MESSAGE}`, [{ field: 'name', message: SECRET_NAME_MESSAGE }]);
    const sealed = this.vault.seal(value);
    const key = { stackId_name_pullRequest: { stackId, name, pullRequest } };
    const existed = (await this.prisma.previewSecret.count({ where: { stackId, name, pullRequest } })) > 0;
    const row = await this.prisma.previewSecret.upsert({
      where: key,
      create: { stackId, name, pullRequest, value: sealed },
      update: { value: sealed },
    });
    // the name only: the value never leaves the vault for the event log
    await this.events.tryRecord({
      kind: 'secret.set',
      actor: 'admin',
      stackId,
      stackName: stack.name,
      message: `Preview secret ${name} of ${stack.name} ${existed ? 'was given a new value' : 'was added'} (${scope(pullRequest)})`,
      details: { name, pullRequest, replaced: existed, preview: true },
    });
    return view(row);
  }

  async remove(stackId: string, name: string, pullRequest = 0): Promise<void> {
    const stack = await this.parent(stackId);
    const { count } = await this.prisma.previewSecret.deleteMany({ where: { stackId, name, pullRequest } });
    if (count === 0) throw notFound(`preview secret of this stack (${scope(pullRequest)}) named`, name);
    await this.events.tryRecord({
      kind: 'secret.removed',
      actor: 'admin',
      stackId,
      stackName: stack.name,
      message: `Preview secret ${name} of ${stack.name} was removed (${scope(pullRequest)})`,
      details: { name, pullRequest, preview: true },
    });
  }

  private async parent(id: string): Promise<Stack> {
    const stack = await this.prisma.stack.findUnique({ where: { id } });
    if (!stack) throw notFound('stack', id);
    if (stack.parentStackId)
      throw badRequest('preview_stack', `${stack.name} is a preview: set preview secrets on the stack it previews.`, [
        { field: 'id', message: 'a preview has no preview secrets of its own' },
      ]);
    return stack;
  }
}

function scope(pullRequest: number): string {
  return pullRequest === 0 ? 'every preview' : `the preview of request #${pullRequest}`;
}
