/**
 * The images services run, as `docker service inspect --format '{{.Spec.Name}}\t{{...Image}}'`
 * prints them. `docker service ls` cannot tell: its Image column drops the digest.
 */
export function parseServiceImages(stdout: string): Map<string, string> {
  const images = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const image = line.slice(tab + 1).trim();
    if (image) images.set(line.slice(0, tab).trim(), image);
  }
  return images;
}

/**
 * The digest Swarm pinned an image to (`docker stack deploy --resolve-image always` writes
 * `name:tag@sha256:<64 hex>` into the service spec), or null when it runs by tag only.
 */
export function pinnedDigest(image: string | undefined): string | null {
  return /@(sha256:[0-9a-f]{64})$/.exec(image ?? '')?.[1] ?? null;
}
