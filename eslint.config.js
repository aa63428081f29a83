// One lint configuration for the whole repository: `npm run lint` (zero warnings allowed).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/dist/',
    '**/build/',
    '**/.svelte-kit/',
    '.nx/',
    'coverage/',
    'server/src/generated/',
    'web/src/lib/api/schema.d.ts',
    'server/src/compose/testing/corpus/',
    'e2e/artifacts/',
    '.testbed/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        // Each file is type-checked with the tsconfig.json nearest to it (server, web, e2e).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte'],
      },
    },
    rules: {
      // A promise nobody awaits loses its error: the reason this lint exists (STYLE.md).
      '@typescript-eslint/no-floating-promises': 'error',
      // `_name` marks a parameter an interface requires but this implementation ignores.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: {
      // The dashboard is served at / (no paths.base), so a plain href is already the resolved one.
      'svelte/no-navigation-without-resolve': 'off',
    },
  },
  {
    // TypeScript sees no component types inside .svelte markup (props of child components come
    // back as `any`); svelte-check is where those are checked.
    files: ['**/*.svelte'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['web/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    // Tests read JSON answers as `any` on purpose: the assertions are the type check there.
    // Their fakes are async without awaiting anything, because the real thing returns a promise.
    files: ['**/*.spec.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (configs, scripts) and prisma.config.ts are in no tsconfig: lint them without types.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs', 'prisma.config.ts'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // Last: formatting is Prettier's business, so no lint rule argues with it.
  prettier,
  svelte.configs.prettier,
);
