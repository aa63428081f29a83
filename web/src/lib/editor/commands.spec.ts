import { describe, expect, it } from '@jest/globals';
import { EditorSelection, EditorState, Transaction, type StateCommand } from '@codemirror/state';
import { history, insertNewlineKeepIndent, redo, undo } from '#lib/editor/commands.ts';

/** A tiny editor without a view: applies transactions and runs commands. */
function editor(doc: string, cursor = doc.length) {
  let state = EditorState.create({ doc, selection: EditorSelection.cursor(cursor), extensions: [history] });
  const dispatch = (tr: Transaction) => (state = tr.state);
  return {
    get text() {
      return state.doc.toString();
    },
    get cursor() {
      return state.selection.main.head;
    },
    type(text: string, at: number, time: number) {
      dispatch(state.update({ changes: { from: at, insert: text }, selection: EditorSelection.cursor(at + text.length), userEvent: 'input.type', annotations: Transaction.time.of(time) }));
    },
    paste(text: string, time: number) {
      dispatch(state.update({ changes: { from: 0, to: state.doc.length, insert: text }, userEvent: 'input.paste', annotations: Transaction.time.of(time) }));
    },
    run: (command: StateCommand) => command({ state, dispatch }),
  };
}

describe('history', () => {
  it('should undo quick keystrokes as one, and slow ones one by one', () => {
    const e = editor('image: ');
    e.type('b', 7, 1000);
    e.type('u', 8, 1100);
    e.type('x', 9, 5000);
    expect(e.text).toBe('image: bux');
    expect(e.run(undo)).toBe(true);
    expect(e.text).toBe('image: bu');
    e.run(undo);
    expect(e.text).toBe('image: ');
    expect(e.cursor).toBe(7);
    expect(e.run(undo)).toBe(false);
  });

  it('should redo what was undone, until something new is typed', () => {
    const e = editor('a');
    e.paste('services:', 1000);
    e.run(undo);
    expect(e.text).toBe('a');
    e.run(redo);
    expect(e.text).toBe('services:');
    e.run(undo);
    e.type('b', 1, 9000);
    expect(e.run(redo)).toBe(false);
    expect(e.text).toBe('ab');
  });

  it('should never merge a paste into the typing before it', () => {
    const e = editor('');
    e.type('x', 0, 1000);
    e.paste('services: {}', 1100);
    e.run(undo);
    expect(e.text).toBe('x');
  });
});

describe('insertNewlineKeepIndent', () => {
  it('should keep the indentation of the line', () => {
    const e = editor('    image: busybox');
    e.run(insertNewlineKeepIndent);
    expect(e.text).toBe('    image: busybox\n    ');
    expect(e.cursor).toBe(e.text.length);
  });

  it('should indent two more spaces after a key that opens a block', () => {
    const e = editor('  web:');
    e.run(insertNewlineKeepIndent);
    expect(e.text).toBe('  web:\n    ');
  });
});
