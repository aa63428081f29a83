import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { conflict, notFound } from '../errors/api-error.js';
import { VaultService } from '../vault/vault.service.js';
import type { CreateRegistryDto, RegistryDto } from './registry.dto.js';
import { registryOf } from './image-reference.js';

export interface RegistryLogin {
  registryUrl: string;
  username: string;
  password: string;
}

const select = { id: true, registryUrl: true, username: true, createdAt: true, updatedAt: true } as const;

/** Registry credentials; passwords are sealed by the vault and only opened for a deployment. */
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
    return this.prisma.registryCredential.create({
      data: { registryUrl, username: input.username, password: this.vault.seal(input.password) },
      select,
    });
  }

  list(): Promise<RegistryDto[]> {
    return this.prisma.registryCredential.findMany({ orderBy: { registryUrl: 'asc' }, select });
  }

  async remove(id: string): Promise<void> {
    const { count } = await this.prisma.registryCredential.deleteMany({ where: { id } });
    if (count === 0) throw notFound('registry', id);
  }

  /**
   * The stored logins for the registries these images come from (its host, or for a credential
   * stored with a path, such as ghcr.io/otto, images under that path), passwords opened: a
   * deployment logs in only where it pulls from.
   */
  async loginsFor(images: string[]): Promise<RegistryLogin[]> {
    const all = await this.logins();
    return all.filter((l) => {
      const host = registryOf(`${l.registryUrl}/x`);
      return images.some((image) => registryOf(image) === host && (l.registryUrl === host || image.startsWith(`${l.registryUrl}/`)));
    });
  }

  /** Every stored login with its password opened, for `docker login` during a deployment. */
  async logins(): Promise<RegistryLogin[]> {
    const rows = await this.prisma.registryCredential.findMany({ orderBy: { createdAt: 'asc' } });
    return Promise.all(
      rows.map(async (r) => ({ registryUrl: r.registryUrl, username: r.username, password: await this.vault.open(r.password) })),
    );
  }
}
