import { describe, expect, it } from '@jest/globals';
import { elements, renderComponent, textOf } from '#lib/testing/render-component.ts';

describe('CheckField', () => {
  it('should label the checkbox with its words and hint, and point at a note elsewhere', async () => {
    const html = await renderComponent('components/CheckField.svelte', {
      checked: true,
      label: 'Deploy previews',
      hint: 'One stack per request.',
      describedBy: 'forks-warning',
    });
    expect(textOf(elements(html, 'label')[0])).toBe('Deploy previews One stack per request.');
    expect(html).toMatch(/<input type="checkbox" checked[^>]*aria-describedby="forks-warning"/);
  });

  it('should leave out the hint and the description when there are none', async () => {
    const html = await renderComponent('components/CheckField.svelte', { checked: false, label: 'Allow forks' });
    expect(textOf(html)).toBe('Allow forks');
    expect(html).not.toContain('aria-describedby');
    expect(html).not.toMatch(/<input[^>]* checked/);
    expect(html).not.toContain('class="hint');
  });
});
