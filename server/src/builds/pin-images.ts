import { parseDocument } from 'yaml';

/**
 * The stack file Docker gets, with each built service's image pinned by the digest its push
 * answered (`<tag>@sha256:...`): every node runs exactly what was built, even if the tag moves.
 * Only the text sent is changed; the stored rendered file keeps the plain tag.
 */
export function pinBuiltImages(text: string, built: Array<{ service: string; image: string; digest: string | null }>): string {
  const pinned = built.filter((b) => b.digest);
  if (pinned.length === 0) return text;
  const doc = parseDocument(text, { uniqueKeys: false });
  for (const b of pinned) {
    if (doc.getIn(['services', b.service, 'image']) !== b.image) continue;
    doc.setIn(['services', b.service, 'image'], `${b.image}@${b.digest}`);
  }
  return doc.toString({ lineWidth: 0 });
}
