/**
 * The images a Dockerfile builds FROM, to log in to their registries before the build. A
 * stage named by an earlier `AS` and `scratch` are no images; a reference with a build
 * variable (`FROM node:${VERSION}`) names its registry only when the variable is not in it.
 */
export function baseImagesOf(dockerfile: string): string[] {
  const stages = new Set<string>(['scratch']);
  const images: string[] = [];
  // a backslash at the end of a line continues the instruction
  const instructions = dockerfile.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of instructions) {
    const line = raw.trim();
    if (!/^from\s/i.test(line)) continue;
    const words = line
      .split(/\s+/)
      .slice(1)
      .filter((w) => !w.startsWith('--'));
    const [image, as, stage] = words;
    if (!image) continue;
    const earlierStage = stages.has(image.toLowerCase());
    if (as?.toLowerCase() === 'as' && stage) stages.add(stage.toLowerCase());
    if (earlierStage) continue;
    // a variable in the registry part: the registry cannot be known before the build
    if (image.includes('/') && image.split('/')[0].includes('$')) continue;
    images.push(image);
  }
  return [...new Set(images)];
}
