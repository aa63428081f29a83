import fs from 'node:fs';
import path from 'node:path';
import { parseDocument, type YAMLSeq } from 'yaml';
import { serverRoot } from '../config/app-config.js';

export const INGRESS_STACK = 'otternauts-ingress';
export const INGRESS_SERVICE = `${INGRESS_STACK}_traefik`;
export const INGRESS_NETWORK = 'traefik-public';

const templatePath = () => path.resolve(serverRoot, '..', 'templates', 'traefik-stack.yml');

/**
 * The Traefik stack from templates/traefik-stack.yml with the image and ACME e-mail set
 * through the YAML library (never by text substitution, so no value can change the file's
 * structure).
 */
export function renderTraefikStack(
  opts: { image: string; acmeEmail: string | null },
  template = fs.readFileSync(templatePath(), 'utf8'),
): string {
  const doc = parseDocument(template);
  doc.setIn(['services', 'traefik', 'image'], opts.image);
  if (opts.acmeEmail) {
    const command = doc.getIn(['services', 'traefik', 'command']) as YAMLSeq;
    command.add(`--certificatesresolvers.letsencrypt.acme.email=${opts.acmeEmail}`);
  }
  return doc.toString();
}
