import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Server } from '../generated/prisma/client.js';
import { AppConfig } from '../config/app-config.js';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest, conflict, notFound } from '../errors/api-error.js';
import { JobsService } from '../jobs/jobs.service.js';
import { parseJson } from '../jobs/job.store.js';
import { ClusterService } from '../cluster/cluster.service.js';
import { INGRESS_JOB, ingressJob } from '../cluster/ingress.job.js';
import { parsePrivateKey } from '../ssh/private-key.js';
import { scanHostKey } from '../ssh/host-key.js';
import { VaultService } from '../vault/vault.service.js';
import { EventsService } from '../events/events.service.js';
import { ONBOARDING_JOB, onboardingJob } from './onboarding.job.js';
import type { CreateServerDto, ScanResultDto, ServerDto } from './server.dto.js';
import { ServerShell } from './server-shell.js';
import { NodeRemoval } from './node-removal.js';
import { apiErrorFromSsh } from './ssh-api-errors.js';

const SCAN_TIMEOUT_MS = 10_000;

/** Outposts: adding (TOFU, onboarding job), reading, checking, removing. */
@Injectable()
export class ServersService implements OnModuleInit {
  private readonly logger = new Logger('servers');

  constructor(
    private readonly prisma: PrismaService,
    private readonly vault: VaultService,
    private readonly jobs: JobsService,
    private readonly shell: ServerShell,
    private readonly cluster: ClusterService,
    private readonly config: AppConfig,
    private readonly events: EventsService,
  ) {}

  onModuleInit(): void {
    const deps = { prisma: this.prisma, shell: this.shell, cluster: this.cluster, config: this.config };
    this.jobs.register(onboardingJob({ ...deps, deployIngress: () => this.deployIngress().then(() => undefined) }));
    this.jobs.register(ingressJob(deps));
  }

  async scan(hostname: string, port = 22): Promise<ScanResultDto> {
    try {
      const key = await scanHostKey(hostname, port, SCAN_TIMEOUT_MS);
      return { hostname, port, keyType: key.keyType, fingerprint: key.fingerprint };
    } catch (err) {
      throw apiErrorFromSsh(err);
    }
  }

  async create(input: CreateServerDto): Promise<ServerDto> {
    const port = input.port ?? 22;
    const key = parsePrivateKey(input.privateKey, input.passphrase);
    if (!key.ok) throw badRequest('invalid_private_key', `privateKey: ${key.message}`, [{ field: 'privateKey', message: key.message }]);
    if (await this.prisma.server.findUnique({ where: { name: input.name } })) {
      throw conflict('server_exists', `A server named ${input.name} already exists.`);
    }
    if (await this.prisma.server.findUnique({ where: { hostname_sshPort: { hostname: input.hostname, sshPort: port } } })) {
      throw conflict('server_exists', `${input.hostname}:${port} is already an outpost.`);
    }
    const presented = await this.scan(input.hostname, port);
    if (presented.fingerprint !== input.fingerprint) {
      throw conflict(
        'host_key_mismatch',
        `The server presents ${presented.fingerprint}, not the fingerprint you confirmed. Scan again and compare with ssh-keygen -lf on the server before trusting it.`,
        [{ field: 'fingerprint', message: 'does not match the host key the server presents now' }],
      );
    }
    const c = await this.cluster.cluster();
    const hasManager = (await this.prisma.server.count({ where: { swarmRole: 'manager' } })) > 0;
    const server = await this.prisma.server.create({
      data: {
        clusterId: c.id,
        name: input.name,
        hostname: input.hostname,
        sshPort: port,
        sshUser: input.sshUser,
        sshPrivateKey: this.vault.seal(input.privateKey),
        sshPassphrase: input.passphrase ? this.vault.seal(input.passphrase) : null,
        hostKeyFingerprint: presented.fingerprint,
        hostKeyType: presented.keyType,
        requestedRole: hasManager ? (input.role ?? 'worker') : 'manager',
        advertiseAddress: input.advertiseAddress ?? null,
        status: 'provisioning',
      },
    });
    await this.jobs.enqueue(ONBOARDING_JOB, { type: 'server', id: server.id }, {});
    await this.events.tryRecord({
      kind: 'server.added',
      actor: 'admin',
      serverId: server.id,
      serverName: server.name,
      message: `Server ${server.name} (${server.hostname}) was added as a ${server.requestedRole}`,
      details: { hostname: server.hostname, port: server.sshPort, role: server.requestedRole },
    });
    return this.get(server.id);
  }

  async list(): Promise<ServerDto[]> {
    const rows = await this.prisma.server.findMany({ orderBy: [{ createdAt: 'asc' }] });
    return Promise.all(rows.map((s) => this.view(s)));
  }

  async get(id: string): Promise<ServerDto> {
    return this.view(await this.find(id));
  }

  async find(id: string): Promise<Server> {
    const server = await this.prisma.server.findUnique({ where: { id } });
    if (!server) throw notFound('server', id);
    return server;
  }

  /** Runs onboarding again from the step that failed. */
  async provision(id: string, leaveExistingSwarm = false): Promise<ServerDto> {
    // one at a time per server: a second click must neither start a job nor reset the first one's connection
    return this.jobs.exclusive(`provision\u0000${id}`, () => this.provisionOnce(id, leaveExistingSwarm));
  }

  private async provisionOnce(id: string, leaveExistingSwarm: boolean): Promise<ServerDto> {
    const server = await this.find(id);
    // a double click answers the onboarding already under way
    if (server.status === 'provisioning') return this.view(server);
    const last = await this.jobs.latestFor('server', id, ONBOARDING_JOB);
    // an explicit retry may try credentials again that the pool refused for good before
    this.shell.reset(server);
    await this.prisma.server.update({ where: { id }, data: { status: 'provisioning', lastError: null } });
    if (last && last.status === 'failed' && !leaveExistingSwarm) await this.jobs.retry(last.id);
    else await this.jobs.enqueue(ONBOARDING_JOB, { type: 'server', id }, { leaveExistingSwarm });
    return this.get(id);
  }

  /** The user re-trusts a rebuilt server: only a fingerprint it presents right now is accepted. */
  async updateFingerprint(id: string, fingerprint: string): Promise<ServerDto> {
    const server = await this.find(id);
    const presented = await this.scan(server.hostname, server.sshPort);
    if (presented.fingerprint !== fingerprint) {
      throw conflict('host_key_mismatch', `The server presents ${presented.fingerprint}, not ${fingerprint}. Scan again and compare.`, [
        { field: 'fingerprint', message: 'does not match the host key the server presents now' },
      ]);
    }
    const updated = await this.prisma.server.update({
      where: { id },
      data: {
        hostKeyFingerprint: fingerprint,
        hostKeyType: presented.keyType,
        lastError: null,
        status: server.swarmNodeId ? 'ready' : server.status,
      },
    });
    this.shell.reset(updated);
    this.logger.warn({ server: updated.name }, 'host key fingerprint replaced by the user');
    return this.view(updated);
  }

  async remove(id: string): Promise<void> {
    const server = await this.find(id);
    if (server.status === 'provisioning')
      throw conflict('already_provisioning', `${server.name} is being provisioned; wait for it to finish or fail.`);
    await new NodeRemoval(this.prisma, this.shell, this.cluster).remove(server);
    await this.events.tryRecord({
      kind: 'server.removed',
      actor: 'admin',
      serverId: server.id,
      serverName: server.name,
      message: `Server ${server.name} (${server.hostname}) was removed`,
      details: { hostname: server.hostname, role: server.swarmRole ?? server.requestedRole },
    });
  }

  async deployIngress(): Promise<unknown> {
    const c = await this.cluster.cluster();
    return this.jobs.enqueue(INGRESS_JOB, { type: 'cluster', id: c.id }, {});
  }

  async view(s: Server): Promise<ServerDto> {
    return {
      id: s.id,
      name: s.name,
      hostname: s.hostname,
      port: s.sshPort,
      sshUser: s.sshUser,
      role: s.requestedRole,
      advertiseAddress: s.advertiseAddress,
      status: s.status,
      lastError: s.lastError,
      preflight: parseJson(s.preflight, []),
      os: s.os,
      dockerVersion: s.dockerVersion,
      swarmRole: s.swarmRole,
      swarmNodeId: s.swarmNodeId,
      lastSeenAt: s.lastSeenAt,
      fingerprint: s.hostKeyFingerprint,
      hostKeyType: s.hostKeyType,
      createdAt: s.createdAt,
      updatedAt: s.updatedAt,
      job: await this.jobs.latestFor('server', s.id, ONBOARDING_JOB),
    };
  }
}
