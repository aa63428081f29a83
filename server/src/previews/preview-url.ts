/** Traefik's router rule as traefik-labels.ts writes it: Host(`a.example.com`) || Host(`b...`). */
const HOST_RULE = /Host\(`([^`]+)`\)/;

/**
 * The first domain a deployed file routes to, read from the Traefik labels of its rendered text
 * (a preview's domains are its templates, rendered when it was deployed); null without one.
 */
export function firstDomain(rendered: string): string | null {
  return HOST_RULE.exec(rendered)?.[1] ?? null;
}
