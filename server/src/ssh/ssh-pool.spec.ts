import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createServer, type AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import { RemoteCommand } from './command.js';
import type { SshLogger } from './ssh-logger.js';
import { SSH_POOL_OPTIONS, SshPool } from './ssh-pool.js';

/** A port on loopback that refuses connections (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

const target = (port: number) => ({
  id: 'di',
  host: '127.0.0.1',
  port,
  username: 'root',
  privateKey: ssh2.utils.generateKeyPairSync('ed25519').private,
  fingerprint: 'SHA256:unused',
});

describe(SshPool.name, () => {
  it('should be created by Nest without any options provider', async () => {
    @Module({ providers: [SshPool] })
    class PlainModule {}
    const app = await NestFactory.createApplicationContext(PlainModule, { logger: false });
    try {
      expect(app.get(SshPool).stats()).toEqual({
        connections: 0,
        connecting: 0,
        activeChannels: 0,
        queuedChannels: 0,
        targets: [],
      });
    } finally {
      await app.close();
    }
  });

  it('should take its options from the SSH_POOL_OPTIONS provider', async () => {
    const warnings: string[] = [];
    const logger: SshLogger = { debug: () => undefined, warn: (_o, msg) => warnings.push(msg) };
    @Module({
      providers: [SshPool, { provide: SSH_POOL_OPTIONS, useValue: { connectAttempts: 1, logger } }],
    })
    class ConfiguredModule {}
    const app = await NestFactory.createApplicationContext(ConfiguredModule, { logger: false });
    try {
      const pool = app.get(SshPool);
      const port = await closedPort();
      await expect(pool.exec(target(port), new RemoteCommand(['true']))).rejects.toMatchObject({
        kind: 'connection_refused',
      });
      // One attempt instead of the default three: the provided options were used.
      expect(warnings).toEqual(['ssh connect failed', 'ssh command failed']);
    } finally {
      await app.close();
    }
  });
});
