import { describe, expect, it } from '@jest/globals';
import { parseTemplate } from './variable-template.js';

describe('parseTemplate (docker/cli template syntax)', () => {
  it('reads every reference form', () => {
    expect(parseTemplate('a ${A} $B ${C:-x y} ${D-z} ${E:?msg} ${F?m} end')).toEqual({
      valid: true,
      parts: [
        { kind: 'text', text: 'a ' },
        { kind: 'reference', name: 'A', operator: '', argument: '' },
        { kind: 'text', text: ' ' },
        { kind: 'reference', name: 'B', operator: '', argument: '' },
        { kind: 'text', text: ' ' },
        { kind: 'reference', name: 'C', operator: ':-', argument: 'x y' },
        { kind: 'text', text: ' ' },
        { kind: 'reference', name: 'D', operator: '-', argument: 'z' },
        { kind: 'text', text: ' ' },
        { kind: 'reference', name: 'E', operator: ':?', argument: 'msg' },
        { kind: 'text', text: ' ' },
        { kind: 'reference', name: 'F', operator: '?', argument: 'm' },
        { kind: 'text', text: ' end' },
      ],
    });
  });

  it('reads $$ as an escaped dollar and names case-insensitively, like Docker', () => {
    expect(parseTemplate('$$HOME ${lower_1}')).toEqual({
      valid: true,
      parts: [{ kind: 'escaped' }, { kind: 'text', text: 'HOME ' }, { kind: 'reference', name: 'lower_1', operator: '', argument: '' }],
    });
  });

  it('ends an unbraced name at the first character that cannot be in a name', () => {
    const parsed = parseTemplate('$HOME/bin');
    expect(parsed).toEqual({
      valid: true,
      parts: [
        { kind: 'reference', name: 'HOME', operator: '', argument: '' },
        { kind: 'text', text: '/bin' },
      ],
    });
  });

  it.each(['cost: 5$', '$(date)', '${}', '${A B}', '${A:+x}', '$1'])('refuses %j, as Docker does', (text) => {
    expect(parseTemplate(text)).toEqual({ valid: false });
  });

  it('leaves text without $ as one part', () => {
    expect(parseTemplate('plain')).toEqual({ valid: true, parts: [{ kind: 'text', text: 'plain' }] });
  });
});
