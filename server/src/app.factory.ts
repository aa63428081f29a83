import 'reflect-metadata';
import fs from 'node:fs';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { applyMigrations, committedMigrations } from './database/migrate.js';
import { PrismaService } from './database/prisma.service.js';
import { ApiError } from './errors/api-error.js';
import { ErrorFilter } from './errors/error.filter.js';
import { validationFailed } from './errors/validation.js';
import { installHttpGuard } from './auth/http-guard.js';
import fastifyCookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import { CredentialStore } from './tokens/credential-store.js';
import { installJsonBodies } from './deliveries/hook-body.js';
import { JobsService } from './jobs/jobs.service.js';
import { Scheduler } from './jobs/scheduler.js';
import { stepsTestJob } from './jobs/test-job.js';
import { PinoNestLogger } from './logging/nest-logger.js';
import { buildOpenApi, serveOpenApi } from './openapi/openapi.js';
import { VaultCipher } from './vault/vault-cipher.js';
import { resolveVaultKey, type VaultKeySource } from './vault/vault-key.js';
import { VaultService } from './vault/vault.service.js';
import { PrismaVaultCheckStore } from './vault/vault-check.store.js';
import { serveDashboard } from './web-hosting/dashboard.js';

export interface MissionControl {
  app: NestFastifyApplication;
  keySource: VaultKeySource;
  keyMatches: boolean;
}

/** The rate limiter throws what this returns: an ApiError, so the filter writes the one error body. */
function tooManyAttempts(_request: unknown, context: { after: string }): ApiError {
  return new ApiError(429, 'too_many_requests', `Too many attempts from this address: try again in ${context.after}.`);
}

export interface CreateOptions {
  /** run background work (recovery, schedules); off for writing the OpenAPI document */
  background?: boolean;
}

/** Everything before listening: data dir, migrations, vault, Nest on Fastify, routes. */
export async function createMissionControl(config: AppConfig, log: Logger, opts: CreateOptions = {}): Promise<MissionControl> {
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const prisma = new PrismaService(config.databaseFile);
  const applied = new Set(await prisma.appliedMigrations());
  // the Prisma CLI costs seconds and ~100 MB: only start it when a migration is pending
  const pending = committedMigrations().filter((m) => !applied.has(m));
  if (pending.length > 0) {
    log.info({ pending }, 'applying database migrations');
    applyMigrations(config.databaseFile);
  }
  await prisma.configure();
  const keySource = await resolveVaultKey(config.dataDir, config.secretKey);
  const vault = new VaultService(await VaultCipher.create(keySource.key), new PrismaVaultCheckStore(prisma));
  const keyMatches = await vault.verifyKey();

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ config, prisma, vault }),
    new FastifyAdapter({
      bodyLimit: 2 * 1024 * 1024,
      // Bodies are JSON only (auth/json-only.ts): no multipart plugin, and Nest's body parsers
      // (JSON and urlencoded) are off below so only Fastify's own JSON parser is left.
      multipart: false,
      // One spelling per route: `/api/x/`, `//api/x`, `/API/x` and `/api/x;y` match no API route
      // and fall to the dashboard's catch-all, which the HTTP guard treats as /api (route-access.ts).
      // (useSemicolonDelimiter is a router option Fastify 5 reads there but its types do not list yet)
      routerOptions: {
        caseSensitive: true,
        ignoreTrailingSlash: false,
        ignoreDuplicateSlashes: false,
        ...{ useSemicolonDelimiter: false },
      },
    }),
    { logger: new PinoNestLogger(log), abortOnError: false, bodyParser: false },
  );
  const fastify = app.getHttpAdapter().getInstance();
  // Fastify parses text/plain by default: a body a foreign page can post without a preflight
  fastify.removeContentTypeParser('text/plain');
  // JSON read as bytes, kept for the webhook route's signature check; 25 MiB there (deliveries/hook-body.ts)
  installJsonBodies(fastify);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, exceptionFactory: validationFailed }),
  );
  app.useGlobalFilters(new ErrorFilter());
  // only the routes that ask for it (the login): everything else is authenticated first
  await app.register(fastifyCookie);
  await app.register(rateLimit, { global: false, errorResponseBuilder: tooManyAttempts });
  installHttpGuard(fastify, config, app.get(CredentialStore));
  serveOpenApi(app, buildOpenApi(app, config.version));
  serveDashboard(app, config.webDir);
  app.enableShutdownHooks();

  const jobs = app.get(JobsService);
  if (config.testJobs) jobs.register(stepsTestJob);
  await app.init();
  await fastify.ready();

  if (opts.background !== false) {
    const recovered = await jobs.recover();
    if (recovered) log.info({ recovered }, 'resumed background jobs left unfinished by the last run');
    app.get(Scheduler).start();
  }
  return { app, keySource, keyMatches };
}
