import adapter from '@sveltejs/adapter-static';
import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// Where the dev server and `vite preview` send /api: Mission Control on this machine, or its
// container under docker-compose.dev.yml.
const api = process.env.OTTERNAUTS_API_URL ?? 'http://127.0.0.1:8080';

// Kit 3 rejects svelte.config.js: its configuration goes to the plugin (toolchain-spike §5).
export default defineConfig({
  plugins: [
    sveltekit({
      // A single-page app: Mission Control serves index.html for every path that is not /api.
      adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: true }),
    }),
  ],
  server: {
    proxy: { '/api': api },
  },
  preview: {
    proxy: { '/api': api },
  },
});
