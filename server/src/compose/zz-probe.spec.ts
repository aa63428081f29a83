import fs from 'node:fs';
import { it } from '@jest/globals';
import { check, yaml } from './testing/validate.js';
const cases: Record<string, string> = {
  v2: yaml('version: "2"', 'services:', '  web:', '    image: nginx'),
  v314: yaml('version: "3.14"', 'services:', '  web:', '    image: nginx'),
  vnum: yaml('version: 3.8', 'services:', '  web:', '    image: nginx'),
  vnull: yaml('version:', 'services:', '  web:', '    image: nginx'),
  platform: yaml('services:', '  etl:', '    image: x', '    platform: linux/amd64'),
  name: yaml('name: foo', 'services:', '  web:', '    image: x'),
  dependsMap: yaml('services:', '  web:', '    image: x', '    depends_on:', '      db:', '        condition: service_healthy', '  db:', '    image: y'),
  replicasText: yaml('services:', '  web:', '    image: x', '    deploy:', '      replicas: "2"'),
  cpusNumber: yaml('version: "3.8"', 'services:', '  web:', '    image: x', '    deploy:', '      resources:', '        limits:', '          cpus: 0.5'),
  envString: yaml('services:', '  web:', '    image: x', '    environment: FOO=bar'),
  envBool: yaml('services:', '  web:', '    image: x', '    environment:', '      DEBUG: yes'),
  duration: yaml('services:', '  web:', '    image: x', '    healthcheck:', '      interval: 10 seconds'),
  portsObj: yaml('services:', '  web:', '    image: x', '    ports:', '      - target: 80', '        published: "8080"', '        bogus: 1'),
  startPeriod33: yaml('version: "3.3"', 'services:', '  web:', '    image: x', '    healthcheck:', '      start_period: 10s'),
  xIn30: yaml('version: "3.0"', 'x-foo: 1', 'services:', '  web:', '    image: x'),
  forbidden: yaml('services:', '  web:', '    image: x', '    mem_limit: 1g'),
  badName: yaml('services:', '  "my app":', '    image: x'),
  modeEnum: yaml('services:', '  web:', '    image: x', '    deploy:', '      update_config:', '        order: random'),
  dupPorts: yaml('services:', '  web:', '    image: x', '    ports:', '      - "80:80"', '      - "80:80"'),
  replicasSecret: yaml('services:', '  web:', '    image: x', '    deploy:', '      replicas: ${REPLICAS}', '    stop_grace_period: ${GRACE}'),
  replicasDefault: yaml('services:', '  web:', '    image: x', '    deploy:', '      replicas: ${REPLICAS:-three}'),
  retriesAnchor: yaml('x-hc: &hc', '  retries: $RETRIES', 'services:', '  web:', '    image: x', '    healthcheck:', '      <<: *hc', '      test: ["CMD", "true"]'),
  volumesLong: yaml('services:', '  web:', '    image: x', '    volumes:', '      - source: data', '        target: /data'),
  networksNull: yaml('services:', '  web:', '    image: x', '    networks:'),
  envNull: yaml('services:', '  web:', '    image: x', '    environment:'),
  noServices: yaml('version: "3.8"'),
  serviceNull: yaml('services:', '  web:'),
};
it('probe', () => {
  let out = '';
  for (const [k, t] of Object.entries(cases)) {
    const r = check(t, { secretNames: new Set(['REPLICAS', 'GRACE']) });
    out += `== ${k} valid=${r.valid}\n`;
    for (const e of r.errors) out += `  E ${e.line}:${e.column} [${e.path}] ${e.message}\n`;
    for (const e of r.warnings) out += `  W ${e.line}:${e.column} [${e.path}] ${e.message}\n`;
  }
  fs.writeFileSync('/tmp/probe.txt', out);
});
