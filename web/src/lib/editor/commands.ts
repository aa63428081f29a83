import { Annotation, EditorSelection, StateField, Transaction, type ChangeSet, type StateCommand } from '@codemirror/state';

// The installed `codemirror` package is CodeMirror 5 and @codemirror/commands is not in the
// tree, so the few commands a Compose editor needs live here: undo/redo and Enter that keeps
// the indentation. Tab is left alone on purpose: it moves focus out of the editor.

interface Entry {
  /** Undoes (or redoes) the change: maps the document after it back to before it. */
  changes: ChangeSet;
  /** The selection to restore with it. */
  selection: EditorSelection;
  time: number;
  typing: boolean;
}

interface History {
  done: readonly Entry[];
  undone: readonly Entry[];
}

const fromHistory = Annotation.define<'undo' | 'redo'>();
/** Keystrokes closer together than this undo as one. */
const GROUP_MS = 600;
const DEPTH = 200;

export const history = StateField.define<History>({
  create: () => ({ done: [], undone: [] }),
  update(value, tr) {
    if (!tr.docChanged) return value;
    const entry: Entry = {
      changes: tr.changes.invert(tr.startState.doc),
      selection: tr.startState.selection,
      time: tr.annotation(Transaction.time) ?? Date.now(),
      typing: tr.isUserEvent('input.type') || tr.isUserEvent('delete'),
    };
    const kind = tr.annotation(fromHistory);
    if (kind === 'undo') return { done: value.done.slice(0, -1), undone: [...value.undone, entry] };
    if (kind === 'redo') return { done: [...value.done, entry], undone: value.undone.slice(0, -1) };
    const last = value.done.at(-1);
    if (last && entry.typing && last.typing && entry.time - last.time < GROUP_MS) {
      const merged = { ...last, changes: entry.changes.compose(last.changes), time: entry.time };
      return { done: [...value.done.slice(0, -1), merged], undone: [] };
    }
    return { done: [...value.done, entry].slice(-DEPTH), undone: [] };
  },
});

function step(kind: 'undo' | 'redo'): StateCommand {
  return ({ state, dispatch }) => {
    const stacks = state.field(history, false);
    const entry = (kind === 'undo' ? stacks?.done : stacks?.undone)?.at(-1);
    if (!entry) return false;
    dispatch(state.update({ changes: entry.changes, selection: entry.selection, annotations: fromHistory.of(kind), scrollIntoView: true, userEvent: kind }));
    return true;
  };
}

export const undo = step('undo');
export const redo = step('redo');

/** Enter: a new line with the same indentation, two spaces more after a `key:`. */
export const insertNewlineKeepIndent: StateCommand = ({ state, dispatch }) => {
  const tr = state.update(
    state.changeByRange((range) => {
      const line = state.doc.lineAt(range.from);
      const before = line.text.slice(0, range.from - line.from);
      let indent = /^[ \t]*/.exec(line.text)![0];
      if (/:\s*$/.test(before)) indent += '  ';
      const insert = `\n${indent}`;
      return { changes: { from: range.from, to: range.to, insert }, range: EditorSelection.cursor(range.from + insert.length) };
    }),
    { scrollIntoView: true, userEvent: 'input' },
  );
  dispatch(tr);
  return true;
};
