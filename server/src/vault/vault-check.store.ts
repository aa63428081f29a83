import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { VaultCheckStore } from './vault.service.js';

@Injectable()
export class PrismaVaultCheckStore extends VaultCheckStore {
  constructor(private readonly prisma: PrismaService) {
    super();
  }

  async read(): Promise<Uint8Array | undefined> {
    const row = await this.prisma.vaultCheck.findUnique({ where: { id: 1 } });
    return row?.sealed;
  }

  async write(sealed: Uint8Array<ArrayBuffer>): Promise<void> {
    await this.prisma.vaultCheck.create({ data: { id: 1, sealed } });
  }
}
