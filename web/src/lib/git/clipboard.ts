/** What copying needs from the browser; injected so the fallback can be tested. */
export interface ClipboardLike {
  writeText(text: string): Promise<void>;
}

/**
 * Copies text. The Clipboard API exists only in secure contexts (https, or loopback), and a
 * Mission Control reached over plain http on the LAN has none: then the caller selects the
 * text for the user to copy by hand, so false means "select it".
 */
export async function copyText(text: string, clipboard: ClipboardLike | undefined): Promise<boolean> {
  if (!clipboard) return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
