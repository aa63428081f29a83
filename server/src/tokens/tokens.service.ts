import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, conflict, notFound } from '../errors/api-error.js';
import { storedToken } from './credential-store.js';
import type { CreateTokenDto, CreatedTokenDto, TokenDto } from './token.dto.js';
import { newToken } from './token-text.js';

const DAY_MS = 24 * 60 * 60 * 1000;

interface Row {
  id: string;
  name: string;
  prefix: string;
  scopes: string;
  stacks: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

function view(row: Row): TokenDto {
  const { scopes, stacks } = storedToken(row);
  const { id, name, prefix, createdAt, lastUsedAt, expiresAt, revokedAt } = row;
  return { id, name, scopes, stacks, prefix, createdAt, lastUsedAt, expiresAt, revokedAt };
}

/** API tokens: created once (the only time the token is shown), listed, revoked. */
@Injectable()
export class TokensService {
  constructor(private readonly prisma: PrismaService) {}

  async create(input: CreateTokenDto): Promise<CreatedTokenDto> {
    const scopes = [...new Set(input.scopes)];
    if (input.stacks && !scopes.includes('deploy')) {
      throw badRequest('validation_failed', 'stacks limits the deploy scope: add deploy to scopes, or leave stacks out.', [
        { field: 'stacks', message: 'only with the deploy scope' },
      ]);
    }
    if (input.stacks && scopes.includes('admin')) {
      throw badRequest('validation_failed', 'An admin token may do everything, so it cannot be limited to stacks: leave stacks out.', [
        { field: 'stacks', message: 'not with the admin scope' },
      ]);
    }
    await this.ensureUnique(input.name);
    const created = newToken();
    const row = await this.prisma.apiToken
      .create({
        data: {
          name: input.name,
          hash: created.hash,
          prefix: created.prefix,
          scopes: JSON.stringify(scopes),
          stacks: input.stacks ? JSON.stringify([...new Set(input.stacks)]) : null,
          expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * DAY_MS) : null,
        },
      })
      .catch(async (err: unknown) => {
        // two creates at once both pass the check above; the unique index refuses the second
        if ((err as { code?: string }).code === 'P2002') await this.ensureUnique(input.name);
        throw err;
      });
    return { ...view(row), token: created.token };
  }

  private async ensureUnique(name: string): Promise<void> {
    if (await this.prisma.apiToken.findUnique({ where: { name } })) {
      throw conflict(
        'token_exists',
        `A token named "${name}" already exists: pick another name (a revoked token keeps its name, so its history stays readable).`,
      );
    }
  }

  async list(): Promise<TokenDto[]> {
    const rows = await this.prisma.apiToken.findMany({ orderBy: { createdAt: 'desc' } });
    return rows.map(view);
  }

  /** Revoked, not deleted: its name stays taken and the list says when it stopped working. Its sessions end now. */
  async revoke(id: string): Promise<void> {
    const row = await this.prisma.apiToken.findUnique({ where: { id } });
    if (!row) throw notFound('API token', id);
    await this.prisma.$transaction([
      this.prisma.apiToken.update({ where: { id }, data: { revokedAt: row.revokedAt ?? new Date() } }),
      this.prisma.session.deleteMany({ where: { tokenId: id } }),
    ]);
  }
}
