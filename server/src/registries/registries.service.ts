import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { conflict, notFound } from '../errors/api-error.js';
import { VaultService } from '../vault/vault.service.js';
import type { CreateRegistryDto, RegistryDto } from './registry.dto.js';
import { credentialCovers, credentialScope } from './image-reference.js';

export interface RegistryLogin {
  /** as stored: a host, or a host and the path its images live under (ghcr.io/otto) */
  registryUrl: string;
  /** what `docker login` takes: Docker keeps one login per host (config.json's auths) */
  host: string;
  username: string;
  password: string;
}

const select = {
  id: true,
  registryUrl: true,
  username: true,
  createdAt: true,
  updatedAt: true,
  buildStacks: { select: { id: true, name: true }, orderBy: { name: 'asc' } },
} as const;

type Row = {
  id: string;
  registryUrl: string;
  username: string;
  createdAt: Date;
  updatedAt: Date;
  buildStacks: { id: string; name: string }[];
};

const view = ({ buildStacks, ...r }: Row): RegistryDto => ({ ...r, usedBy: buildStacks });

/** Registry credentials; passwords are sealed by the vault and only opened for a deployment or a check. */
@Injectable()
export class RegistriesService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: VaultService,
  ) {}

  async create(input: CreateRegistryDto): Promise<RegistryDto> {
    const registryUrl = input.registryUrl.replace(/^https?:\/\//, '').replace(/\/+$/, '');
    const existing = await this.prisma.registryCredential.findUnique({
      where: { registryUrl_username: { registryUrl, username: input.username } },
    });
    if (existing) {
      throw conflict(
        'registry_exists',
        `Credentials for ${input.username} at ${registryUrl} already exist: delete them first to replace them.`,
      );
    }
    return view(
      await this.prisma.registryCredential.create({
        data: { registryUrl, username: input.username, password: this.vault.seal(input.password) },
        select,
      }),
    );
  }

  async list(): Promise<RegistryDto[]> {
    return (await this.prisma.registryCredential.findMany({ orderBy: { registryUrl: 'asc' }, select })).map(view);
  }

  /** Refused while a stack builds to it: its next build would have nowhere to push. */
  async remove(id: string): Promise<void> {
    const row = await this.prisma.registryCredential.findUnique({ where: { id }, select });
    if (!row) throw notFound('registry', id);
    if (row.buildStacks.length > 0) {
      const names = row.buildStacks.map((s) => s.name).join(', ');
      throw conflict(
        'registry_in_use',
        `${row.registryUrl} (${row.username}) is the build registry of ${names}: choose another registry for builds in ${row.buildStacks.length === 1 ? 'that stack' : 'those stacks'}' source settings first.`,
        row.buildStacks.map((s) => ({ field: 'usedBy', message: `stack ${s.name} builds to it`, stackId: s.id })),
      );
    }
    await this.prisma.registryCredential.deleteMany({ where: { id } });
  }

  /** One credential, its password opened: for a check of it. */
  async login(id: string): Promise<RegistryLogin> {
    const row = await this.prisma.registryCredential.findUnique({ where: { id } });
    if (!row) throw notFound('registry', id);
    return this.opened(row);
  }

  /**
   * The stored logins for the registries these images come from, passwords opened: a
   * deployment logs in only where it pulls from. A credential stored with a path (ghcr.io/otto)
   * counts for images under that path. Docker keeps one login per host, so per host the most
   * specific credential that covers one of the images wins (a second `docker login` to the same
   * host would replace the first).
   */
  async loginsFor(images: string[]): Promise<RegistryLogin[]> {
    const covering = (await this.logins()).filter((l) => images.some((image) => credentialCovers(l.registryUrl, image)));
    const byHost = new Map<string, RegistryLogin>();
    for (const l of covering) {
      const kept = byHost.get(l.host);
      if (!kept || credentialScope(l.registryUrl).path.length > credentialScope(kept.registryUrl).path.length) byHost.set(l.host, l);
    }
    return [...byHost.values()];
  }

  /** Every stored login with its password opened, oldest first. */
  async logins(): Promise<RegistryLogin[]> {
    const rows = await this.prisma.registryCredential.findMany({ orderBy: { createdAt: 'asc' } });
    return Promise.all(rows.map((r) => this.opened(r)));
  }

  private async opened(r: { registryUrl: string; username: string; password: Uint8Array }): Promise<RegistryLogin> {
    return {
      registryUrl: r.registryUrl,
      host: credentialScope(r.registryUrl).host,
      username: r.username,
      password: await this.vault.open(r.password),
    };
  }
}
