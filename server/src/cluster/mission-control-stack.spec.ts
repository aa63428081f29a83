import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { loadConfig, serverRoot } from '../config/app-config.js';
import { routerName, traefikLabels } from '../compose/traefik-labels.js';
import { validateStack } from '../compose/validate-stack.js';
import { tempDir } from '../testing/temp-dir.js';

// templates/mission-control.stack.yml is deployed by hand (`docker stack deploy`), so nothing at
// run time reads it: these checks are what keeps it deployable and in step with the ingress.
const read = (name: string) => fs.readFileSync(path.resolve(serverRoot, '..', 'templates', name), 'utf8');
const template = read('mission-control.stack.yml');
const stack = parse(template);
const service = stack.services['mission-control'];
const traefik = parse(read('traefik-stack.yml'));
const DOMAIN = "${OTTERNAUTS_DOMAIN:?set OTTERNAUTS_DOMAIN to Mission Control's domain}";
const context = (secretNames: string[]) => ({ secretNames: new Set(secretNames), domainsInUse: new Map<string, string>() });

describe('templates/mission-control.stack.yml', () => {
  it('should pass the validator a pasted stack goes through, with OTTERNAUTS_DOMAIN given at deploy time', () => {
    const result = validateStack('otternauts', template, context(['OTTERNAUTS_DOMAIN']));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.services).toEqual([
      { name: 'mission-control', image: '${OTTERNAUTS_IMAGE:-otternauts/mission-control:local}', domains: [], port: null },
    ]);
  });

  it('should stop a deploy that forgets the domain, saying which variable', () => {
    const { errors } = validateStack('otternauts', template, context([]));
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) expect(error.message).toContain("the file says: set OTTERNAUTS_DOMAIN to Mission Control's domain");
  });

  it('should run one replica on a manager, replaced stop-first, with its data on a volume at /data', () => {
    expect(service.deploy.replicas).toBe(1);
    expect(service.deploy.placement.constraints).toEqual(['node.role == manager']);
    // two tasks on one SQLite file would corrupt it
    expect(service.deploy.update_config.order).toBe('stop-first');
    expect(service.deploy.rollback_config.order).toBe('stop-first');
    expect(service.volumes).toEqual(['mission-control-data:/data']);
    expect(Object.keys(stack.volumes)).toEqual(['mission-control-data']);
  });

  it('should read the admin token and the secret key from external Swarm secrets through *_FILE', () => {
    expect(stack.secrets).toEqual({ otternauts_admin_token: { external: true }, otternauts_secret_key: { external: true } });
    const mounted = (service.secrets as Array<{ source: string; target?: string }>).map((s) => `/run/secrets/${s.target ?? s.source}`);
    expect(mounted).toEqual([service.environment.OTTERNAUTS_ADMIN_TOKEN_FILE, service.environment.OTTERNAUTS_SECRET_KEY_FILE]);
    expect(service.environment.OTTERNAUTS_ADMIN_TOKEN_FILE).toBe('/run/secrets/otternauts_admin_token');
    expect(service.environment.OTTERNAUTS_SECRET_KEY_FILE).toBe('/run/secrets/otternauts_secret_key');
    expect(service.environment.OTTERNAUTS_ADMIN_TOKEN).toBeUndefined();
    expect(service.environment.OTTERNAUTS_SECRET_KEY).toBeUndefined();
  });

  it('should start Mission Control with its environment: token and key from the secrets, on the cluster, at the domain', () => {
    const dir = tempDir('mc-stack');
    const secrets: Record<string, string> = {
      '/run/secrets/otternauts_admin_token': path.join(dir, 'token'),
      '/run/secrets/otternauts_secret_key': path.join(dir, 'key'),
    };
    const key = Buffer.alloc(32, 9).toString('base64');
    fs.writeFileSync(secrets['/run/secrets/otternauts_admin_token'], 'f'.repeat(64) + '\n');
    fs.writeFileSync(secrets['/run/secrets/otternauts_secret_key'], `${key}\n`);
    const env = Object.fromEntries(
      Object.entries(service.environment as Record<string, string>).map(([name, value]) => [
        name,
        secrets[value] ?? value.replace(DOMAIN, 'mc.example.com'),
      ]),
    );
    // the image's own environment (Dockerfile)
    const config = loadConfig({ ...env, OTTERNAUTS_HOST: '0.0.0.0', OTTERNAUTS_DATA_DIR: dir });
    expect(config.onManagedCluster).toBe(true);
    expect(config.publicUrl).toBe('https://mc.example.com');
    expect(config.adminToken).toBe('f'.repeat(64));
    expect(config.secretKey).toBe(key);
    fs.rmSync(dir, { recursive: true });
  });

  it('should carry the labels Mission Control writes for a domain, on the network and entry point of the ingress stack', () => {
    const router = routerName('otternauts', 'mission-control');
    expect(service.deploy.labels).toEqual(traefikLabels(router, [DOMAIN], 8080).map(([k, v]) => `${k}=${v}`));
    const command = traefik.services.traefik.command as string[];
    const network = command.find((c) => c.startsWith('--providers.swarm.network='))?.split('=')[1];
    expect(network).toBe('traefik-public');
    expect(Object.keys(traefik.networks)).toEqual([network]);
    expect(stack.networks).toEqual({ [network!]: { external: true } });
    expect(service.networks).toEqual([network]);
    expect(service.deploy.labels).toContain(`traefik.swarm.network=${network}`);
    const label = (suffix: string) => (service.deploy.labels as string[]).find((l) => l.includes(suffix))?.split('=')[1];
    expect(command).toContain(`--entrypoints.${label('.entrypoints=')}.address=:443`);
    expect(command).toContain(`--certificatesresolvers.${label('.tls.certresolver=')}.acme.httpchallenge=true`);
  });

  it('should warn that whoever controls the cluster controls Mission Control', () => {
    expect(template).toMatch(/^# WARNING: whoever controls this cluster controls Mission Control\./m);
  });
});
