import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, notFound } from '../errors/api-error.js';
import { SECRET_NAME, SECRET_NAME_MESSAGE } from '../common/validators.js';
import { VaultService } from '../vault/vault.service.js';
import type { SecretDto } from './secret.dto.js';
import { EventsService } from '../events/events.service.js';

const view = (s: { name: string; createdAt: Date; updatedAt: Date }): SecretDto => ({
  name: s.name,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});

/** Values for `${NAME}` in stack files. Values leave this service only for a deployment. */
@Injectable()
export class SecretsService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: VaultService,
    private readonly events: EventsService,
  ) {}

  async put(name: string, value: string): Promise<SecretDto> {
    if (!SECRET_NAME.test(name))
      throw badRequest('validation_failed', `name: ${SECRET_NAME_MESSAGE}`, [{ field: 'name', message: SECRET_NAME_MESSAGE }]);
    const sealed = this.vault.seal(value);
    const existed = (await this.prisma.secret.count({ where: { name } })) > 0;
    const row = await this.prisma.secret.upsert({ where: { name }, create: { name, value: sealed }, update: { value: sealed } });
    // the name only: the value never leaves the vault for the event log
    await this.events.tryRecord({
      kind: 'secret.set',
      actor: 'admin',
      message: existed ? `Secret ${name} was given a new value` : `Secret ${name} was added`,
      details: { name, replaced: existed },
    });
    return view(row);
  }

  async list(): Promise<SecretDto[]> {
    const rows = await this.prisma.secret.findMany({ orderBy: { name: 'asc' }, select: { name: true, createdAt: true, updatedAt: true } });
    return rows.map(view);
  }

  async names(): Promise<Set<string>> {
    const rows = await this.prisma.secret.findMany({ select: { name: true } });
    return new Set(rows.map((r) => r.name));
  }

  async remove(name: string): Promise<void> {
    const { count } = await this.prisma.secret.deleteMany({ where: { name } });
    if (count === 0) throw notFound('secret', name);
    await this.events.tryRecord({ kind: 'secret.removed', actor: 'admin', message: `Secret ${name} was removed`, details: { name } });
  }

  /**
   * The secret names a stack's file may use: every secret, and for a preview also the values its
   * parent stack keeps for previews (PreviewSecret).
   */
  async namesFor(stackId: string | null): Promise<Set<string>> {
    const names = await this.names();
    for (const row of await this.previewRows(stackId)) names.add(row.name);
    return names;
  }

  /**
   * Every value a stack's deployment resolves its file with, opened: the secrets, and for a
   * preview the parent's preview values over them (one for every preview, then one for this
   * request over that). Never logged.
   */
  async valuesFor(stackId: string | null): Promise<Map<string, string>> {
    const out = await this.values(await this.names());
    const rows = (await this.previewRows(stackId)).sort((a, b) => a.pullRequest - b.pullRequest);
    for (const row of rows) out.set(row.name, await this.vault.open(row.value));
    return out;
  }

  /** A preview's rows in its parent's PreviewSecret: for every preview (0) and for its own request. */
  private async previewRows(stackId: string | null) {
    if (!stackId) return [];
    const stack = await this.prisma.stack.findUnique({ where: { id: stackId }, select: { parentStackId: true, previewNumber: true } });
    if (!stack?.parentStackId || stack.previewNumber === null) return [];
    return this.prisma.previewSecret.findMany({
      where: { stackId: stack.parentStackId, pullRequest: { in: [0, stack.previewNumber] } },
    });
  }

  /** Decrypted values of the named secrets, for one deployment's render; never logged. */
  async values(names: Iterable<string>): Promise<Map<string, string>> {
    const rows = await this.prisma.secret.findMany({ where: { name: { in: [...names] } } });
    const out = new Map<string, string>();
    for (const row of rows) out.set(row.name, await this.vault.open(row.value));
    return out;
  }
}
