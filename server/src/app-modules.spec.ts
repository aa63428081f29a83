import { ModulesContainer } from '@nestjs/core';
import { RegistriesService } from './registries/registries.service.js';
import { SecretsService } from './secrets/secrets.service.js';
import { StacksModule } from './stacks/stacks.module.js';
import { StackValidation } from './stacks/stack-validation.js';
import { SecretsModule } from './secrets/secrets.module.js';
import { tempDir } from './testing/temp-dir.js';
import { startTestApp, type TestApp } from './testing/test-app.js';

/** Nest gives every module these of its own; they are not ours to count. */
const PER_MODULE_INTERNALS = new Set(['ModuleRef', 'ApplicationConfig', 'INQUIRER', 'REQUEST']);

describe('the application modules', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(tempDir('modules'));
  });
  afterAll(async () => {
    await t?.app.close();
  });

  it('should provide each service in one module only, so there is one instance of it', () => {
    const providedIn = new Map<string, string[]>();
    for (const module of t.app.get(ModulesContainer).values()) {
      if (module.name === 'InternalCoreModule') continue; // Nest's own
      for (const [token, wrapper] of module.providers) {
        const name = typeof token === 'function' ? token.name : String(token);
        if (wrapper.metatype === module.metatype || PER_MODULE_INTERNALS.has(name)) continue;
        providedIn.set(name, [...(providedIn.get(name) ?? []), module.name]);
      }
    }
    expect(providedIn.get(SecretsService.name)).toEqual(['SecretsModule']);
    expect(providedIn.get(RegistriesService.name)).toEqual(['RegistriesModule']);
    expect([...providedIn].filter(([, modules]) => modules.length > 1)).toEqual([]);
  });

  it('should hand the stacks the same SecretsService the secrets routes use', () => {
    const routes = t.app.select(SecretsModule).get(SecretsService, { strict: true });
    const validation = t.app.select(StacksModule).get(StackValidation, { strict: true });
    expect((validation as unknown as { secrets: SecretsService }).secrets).toBe(routes);
  });
});
