import { yaml } from '@codemirror/lang-yaml';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, highlightActiveLineGutter, keymap, lineNumbers, placeholder } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { issueRanges, type ComposeIssue } from '#lib/compose/diagnostics.ts';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';

export interface ComposeEditorOptions {
  doc: string;
  /** Accessible name and description of the editing area (a contenteditable with role textbox). */
  label: string;
  describedBy?: string;
  placeholder?: string;
  dark: boolean;
  readOnly?: boolean;
  onChange?: (text: string) => void;
}

// Colours come from app.css tokens, so both themes follow light-dark().
const highlight = HighlightStyle.define([
  { tag: tags.definition(tags.propertyName), color: 'var(--code-key)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--code-string)' },
  { tag: tags.content, color: 'var(--code-value)' },
  { tag: tags.lineComment, color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: [tags.keyword, tags.meta, tags.typeName, tags.labelName], color: 'var(--code-keyword)' },
  { tag: [tags.separator, tags.punctuation, tags.squareBracket, tags.brace], color: 'var(--text-muted)' },
]);

const chrome = (dark: boolean) =>
  EditorView.theme(
    {
      '&': { color: 'var(--text)', backgroundColor: 'var(--surface)', fontSize: '0.875rem' },
      '.cm-content': { fontFamily: 'var(--font-mono)', caretColor: 'var(--text)', padding: '0.5rem 0' },
      '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.55' },
      '.cm-gutters': { backgroundColor: 'var(--surface-sunken)', color: 'var(--text-muted)', borderRight: '1px solid var(--border)' },
      '.cm-activeLine': { backgroundColor: 'var(--code-active-line)' },
      '.cm-activeLineGutter': { backgroundColor: 'var(--code-active-line)', color: 'var(--text)' },
      '&.cm-focused': { outline: 'none' },
      '.cm-cursor': { borderLeftColor: 'var(--text)' },
      '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--code-selection)' },
      '.cm-placeholder': { color: 'var(--text-muted)' },
      '.cm-tooltip': { backgroundColor: 'var(--surface)', color: 'var(--text)', border: '1px solid var(--border-strong)' },
    },
    { dark },
  );

/** The Compose editor: YAML, line numbers, lint markers from Mission Control's validation. */
export class ComposeEditor {
  readonly view: EditorView;
  #theme = new Compartment();

  constructor(parent: HTMLElement, options: ComposeEditorOptions) {
    const attributes: Record<string, string> = {
      'aria-label': options.label,
      spellcheck: 'false',
      autocapitalize: 'off',
      autocorrect: 'off',
    };
    if (options.describedBy) attributes['aria-describedby'] = options.describedBy;
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: options.doc,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightActiveLine(),
          history(),
          yaml(),
          syntaxHighlighting(highlight),
          lintGutter(),
          // Tab stays a focus move (keyboard users leave the editor with it); indentWithTab is not bound.
          keymap.of([...defaultKeymap, ...historyKeymap, ...lintKeymap]),
          EditorState.tabSize.of(2),
          EditorState.readOnly.of(options.readOnly ?? false),
          EditorView.editable.of(!options.readOnly),
          EditorView.contentAttributes.of(attributes),
          options.placeholder ? placeholder(options.placeholder) : [],
          this.#theme.of(chrome(options.dark)),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) options.onChange?.(update.state.doc.toString());
          }),
        ],
      }),
    });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text (loading a stored file); not an edit the person made. */
  setText(text: string): void {
    if (text === this.text) return;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /** Shows validation issues, unless the text changed since it was validated (a newer check is coming). */
  setIssues(validatedText: string, errors: readonly ComposeIssue[], warnings: readonly ComposeIssue[]): void {
    if (validatedText !== this.text) return;
    const ranges = issueRanges(this.view.state.doc, errors, warnings);
    this.view.dispatch(
      setDiagnostics(
        this.view.state,
        ranges.map((r) => ({ ...r, source: 'Mission Control' })),
      ),
    );
  }

  setDark(dark: boolean): void {
    this.view.dispatch({ effects: this.#theme.reconfigure(chrome(dark)) });
  }

  /** Puts the cursor at a line (from the issue list) and focuses the editor. */
  goTo(line: number, column: number): void {
    const doc = this.view.state.doc;
    const target = doc.line(Math.min(Math.max(1, line), doc.lines));
    const pos = Math.min(target.from + Math.max(0, column - 1), target.to);
    this.view.dispatch({ selection: { anchor: pos }, scrollIntoView: true });
    this.view.focus();
  }

  destroy(): void {
    this.view.destroy();
  }
}
