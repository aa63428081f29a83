import { Injectable } from '@nestjs/common';
import { PrismaService } from '../database/prisma.service.js';
import { badRequest } from '../errors/api-error.js';
import { INGRESS_STACK } from '../cluster/traefik-stack.js';
import { SecretsService } from '../secrets/secrets.service.js';
import type { Stack } from '../generated/prisma/client.js';
import { routerName } from '../compose/traefik-labels.js';
import type { BuildTarget, ServiceSummary, ValidationResult } from '../compose/types.js';
import { validateStack } from '../compose/validate-stack.js';
import { validateStackName } from '../compose/stack-name.js';

/** Checks the file under this name when the real one is missing or wrong (it only shapes router names). */
const STAND_IN_NAME = 'stack';

/** Validation with what only Mission Control knows: stored secret names, other stacks' domains. */
@Injectable()
export class StackValidation {
  /** A stored stack's declared services, by id and update time: its file is parsed once, not per request. */
  private readonly declared = new Map<string, { updatedAt: number; services: ServiceSummary[] }>();

  constructor(
    private readonly prisma: PrismaService,
    private readonly secrets: SecretsService,
  ) {}

  /** The services a stored stack declares, with their domains (secrets play no part in them). */
  declaredServices(stack: Stack): ServiceSummary[] {
    const cached = this.declared.get(stack.id);
    if (cached && cached.updatedAt === stack.updatedAt.getTime()) return cached.services;
    const services = validateStack(stack.name, stack.configuration, {
      secretNames: new Set(),
      domainsInUse: new Map(),
      files: stack.repositoryId ? 'repository' : 'none',
    }).services;
    this.declared.set(stack.id, { updatedAt: stack.updatedAt.getTime(), services });
    return services;
  }

  /**
   * Without a name only the file is checked. With a wrong name the file is still checked (under a
   * stand-in name), so one answer has both the name problem and the file's own problems.
   */
  async validate(
    name: string | undefined,
    configuration: string,
    exceptStackId?: string,
    opts: { files?: 'none' | 'repository'; builds?: BuildTarget } = {},
  ): Promise<ValidationResult> {
    const files = opts.files ?? 'none';
    const nameProblem =
      name === undefined
        ? null
        : name === INGRESS_STACK
          ? `${INGRESS_STACK} is the cluster's ingress (Traefik); choose another name`
          : validateStackName(name);
    const stackName = name !== undefined && !nameProblem ? name : undefined;
    const secretNames = await this.secrets.namesFor(exceptStackId ?? null);
    const domainsInUse = new Map<string, string>();
    const routersInUse = new Map<string, string>();
    // the stack being validated (by id, or by name for a file not saved yet) is not an "other" stack
    const others = (await this.prisma.stack.findMany({ where: exceptStackId ? { NOT: { id: exceptStackId } } : {} })).filter(
      (s) => s.name !== stackName,
    );
    for (const other of others) {
      for (const service of this.declaredServices(other).filter((s) => s.domains.length > 0)) {
        for (const d of service.domains) domainsInUse.set(d.toLowerCase(), other.name);
        routersInUse.set(routerName(other.name, service.name), other.name);
      }
    }
    const builds = opts.builds;
    if (stackName) return validateStack(stackName, configuration, { secretNames, domainsInUse, routersInUse, files, builds });
    // Router names start with the stack's name: without a real one, clashes with other stacks cannot be known yet.
    const file = validateStack(STAND_IN_NAME, configuration, { secretNames, domainsInUse, routersInUse: new Map(), files, builds });
    const nameErrors = nameProblem ? [{ message: `Stack name: ${nameProblem}`, line: 1, column: 1, path: '' }] : [];
    return { ...file, valid: file.valid && nameErrors.length === 0, errors: [...nameErrors, ...file.errors], rendered: null, builds: [] };
  }

  /** Throws a 400 listing every error (with line and column) when the file is not valid. */
  async require(name: string, configuration: string, exceptStackId?: string): Promise<ValidationResult> {
    const result = await this.validate(name, configuration, exceptStackId);
    if (!result.valid) {
      throw badRequest(
        'invalid_configuration',
        `Configuration error: ${result.errors.map((e) => `line ${e.line}: ${e.message}`).join('; ')}`,
        result.errors.map((e) => ({ field: e.path || 'configuration', message: e.message, line: e.line, column: e.column })),
      );
    }
    return result;
  }
}
