// Writes server/openapi.json from the controllers and DTOs (`npm -w server run openapi`).
// The file is committed: the dashboard's typed client is generated from it, and a test
// fails when it drifts from the code.
import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createMissionControl } from '../app.factory.js';
import { loadConfig, serverRoot } from '../config/app-config.js';
import { buildOpenApi } from './openapi.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'otn-openapi-'));
const config = loadConfig({ ...process.env, OTTERNAUTS_DATA_DIR: dataDir, OTTERNAUTS_LOG_LEVEL: 'silent' });
const { app } = await createMissionControl(config, pino({ level: 'silent' }), { background: false });
const document = buildOpenApi(app, config.version);
const target = path.join(serverRoot, 'openapi.json');
fs.writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
await app.close();
fs.rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`wrote ${target} (${Object.keys(document.paths).length} paths)\n`);
