import { Injectable } from '@nestjs/common';
import { ClusterService } from '../cluster/cluster.service.js';
import { LOGIN_TIMEOUT_MS, makeLoginDir, removeLoginDir } from '../deployments/login-dirs.js';
import { ServerShell } from '../servers/server-shell.js';
import { loginFailure } from './login-errors.js';
import { RegistriesService } from './registries.service.js';
import type { RegistryCheckDto } from './registry.dto.js';

/**
 * "Does this credential work?", asked the way a deployment will use it: `docker login` on a
 * manager (the registry must be reachable and trusted from there, not from Mission Control),
 * the password on stdin, into a throw-away config folder that is removed at once, so no
 * credential stays on the server.
 */
@Injectable()
export class RegistryCheck {
  constructor(
    private readonly registries: RegistriesService,
    private readonly cluster: ClusterService,
    private readonly shell: ServerShell,
  ) {}

  async check(id: string): Promise<RegistryCheckDto> {
    const login = await this.registries.login(id);
    const { result } = await this.cluster.withManager(async (m) => {
      const dir = (await this.shell.runOk(m, makeLoginDir(), 'mktemp')).stdout.trim();
      try {
        const r = await this.shell.run(m, this.shell.docker(m).withConfigDir(dir).login(login.host, login.username), {
          stdin: login.password,
          timeoutMs: LOGIN_TIMEOUT_MS,
        });
        return r.code === 0
          ? { ok: true, message: `${m.name} logged in to ${login.registryUrl} as ${login.username}.` }
          : { ok: false, message: loginFailure(login, `${r.stderr}\n${r.stdout}`, m.name) };
      } finally {
        // sudo: `sudo docker login` wrote config.json as root
        await this.shell.run(m, removeLoginDir(dir, this.shell.needsSudo(m))).catch(() => undefined);
      }
    });
    return result;
  }
}
