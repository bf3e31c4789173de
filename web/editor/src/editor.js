// The judge's code editor: CodeMirror 6 set up for Python, exposed to the pages as
// window.JudgeEditor. scripts/build-editor bundles this file into api/static/editor.js.
//
//   const editor = JudgeEditor.mount(element, {doc, readOnly, onChange, label});
//   editor.getDoc()          -> the text
//   editor.setDoc(text)      replaces the text (not reported to onChange: the page knows)
//   editor.setReadOnly(bool) stops or allows editing (when the time is up)
//   editor.focus()
//   editor.destroy()         removes the editor (a textarea it replaced comes back)
//
// element: where the editor goes. A <textarea> is the progressive-enhancement case: the
// editor takes its place, starts from its text (unless doc is given) and writes every edit
// back into it, so that the form around it still posts the code.
// onChange(doc): called with the whole text after each edit the user makes; the page
// debounces. label: the editor's aria-label (a textarea's own label is used if not given).
//
// Keys: CodeMirror's defaults (undo Ctrl-Z, redo Ctrl-Y / Ctrl-Shift-Z, search Ctrl-F, ...);
// Tab indents and Shift-Tab dedents by 4 spaces. So that a keyboard user is never trapped,
// Escape then Tab moves the focus out of the editor, and Ctrl-M (Shift-Alt-M on macOS)
// switches Tab to moving the focus for good (CodeMirror's indentWithTab caveat).

import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  HighlightStyle,
  indentOnInput,
  indentUnit,
  syntaxHighlighting,
} from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Annotation, Compartment, EditorState } from "@codemirror/state";
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { tags as t } from "@lezer/highlight";

const MONO = 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

// The colours of api/static/judge.css: ink on white, its line grey, its accent for focus.
const theme = EditorView.theme({
  "&": {
    color: "#1d2330",
    backgroundColor: "#fff",
    border: "1px solid #dde1e8",
    borderRadius: "6px",
  },
  "&.cm-focused": { outline: "2px solid #3b6fb6", outlineOffset: "-1px" },
  ".cm-scroller": { fontFamily: MONO, fontSize: "0.875rem", lineHeight: "1.5", minHeight: "12rem" },
  ".cm-content": { caretColor: "#1d2330" },
  ".cm-gutters": { backgroundColor: "#f5f7fa", color: "#5b6475", borderRight: "1px solid #dde1e8" },
  ".cm-activeLine": { backgroundColor: "#f3f6fb" },
  ".cm-activeLineGutter": { backgroundColor: "#e6ecf5" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": {
    backgroundColor: "#cddcf2",
  },
  "&.cm-focused .cm-matchingBracket": { backgroundColor: "#d7e9d9", outline: "1px solid #1e7f3c" },
  "&.cm-focused .cm-nonmatchingBracket": { backgroundColor: "#fbe4e2" },
  // 16 px on a phone: readable, and iOS zooms the page into any smaller field on focus.
  // (No "&" inside an at-rule: style-mod would put the at-rule itself in its place.)
  "@media (max-width: 600px)": { ".cm-scroller": { fontSize: "16px" } },
});

// A read-only editor looks it: the page's muted grey, no caret, no active line.
const readOnlyTheme = EditorView.theme({
  "&": { backgroundColor: "#f5f7fa" },
  ".cm-activeLine": { backgroundColor: "transparent" },
  ".cm-cursor": { display: "none" },
});

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.operatorKeyword, t.definitionKeyword], color: "#7a3e9d" },
  { tag: [t.string, t.special(t.string)], color: "#1e7f3c" },
  { tag: [t.number, t.bool, t.null], color: "#a3580f" },
  { tag: [t.comment, t.lineComment], color: "#5b6475", fontStyle: "italic" },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className)], color: "#3b6fb6" },
  { tag: t.function(t.variableName), color: "#2c5590" },
  { tag: [t.self, t.standard(t.variableName)], color: "#7a3e9d" },
  { tag: t.className, color: "#3b6fb6" },
  { tag: t.meta, color: "#5b6475" },
  { tag: t.invalid, color: "#b3261e" },
]);

// Marks the changes setDoc makes, which onChange does not report.
const fromPage = Annotation.define();

function extensions(readOnly, label, report) {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    highlightSpecialChars(),
    history(),
    foldGutter(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    syntaxHighlighting(highlight),
    bracketMatching(),
    closeBrackets(),
    autocompletion(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    highlightSelectionMatches(),
    keymap.of([
      ...closeBracketsKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      ...foldKeymap,
      ...completionKeymap,
      indentWithTab,
    ]),
    python(),
    indentUnit.of("    "),
    EditorState.tabSize.of(4),
    readOnly.of(readOnlySettings(false)), // before the theme, so that its look wins
    theme,
    EditorView.contentAttributes.of(label ? { "aria-label": label } : {}),
    EditorView.updateListener.of((update) => {
      const edited = update.transactions.some((tr) => tr.docChanged && !tr.annotation(fromPage));
      if (edited) report(update.state.doc.toString());
    }),
  ];
}

function readOnlySettings(on) {
  if (!on) return [];
  const said = EditorView.contentAttributes.of({ "aria-readonly": "true" });
  return [EditorState.readOnly.of(true), EditorView.editable.of(false), said, readOnlyTheme];
}

function labelOf(textarea) {
  const labelled = textarea.getAttribute("aria-label");
  if (labelled) return labelled;
  const label = textarea.labels && textarea.labels[0];
  return label ? label.textContent.trim() : "";
}

/** Puts an editor in `element` (or in place of a textarea); see the top of this file. */
function mount(element, options = {}) {
  const textarea = element instanceof HTMLTextAreaElement ? element : null;
  const doc = options.doc ?? (textarea ? textarea.value : "");
  const label = options.label ?? (textarea ? labelOf(textarea) : "");
  const onChange = options.onChange || (() => {});
  const readOnly = new Compartment();
  const report = (text) => {
    if (textarea) textarea.value = text;
    onChange(text);
  };
  const state = EditorState.create({ doc, extensions: extensions(readOnly, label, report) });
  // In a shadow root CodeMirror styles itself with constructed style sheets, which the judge's
  // Content-Security-Policy (style-src 'self') allows; in the document itself it would add
  // a <style> element, which that policy refuses, and the editor would be left unstyled.
  const host = document.createElement("div");
  host.className = "judge-editor";
  const root = host.attachShadow({ mode: "open" });
  const view = new EditorView({ state, parent: root, root });
  if (textarea) {
    textarea.value = doc;
    textarea.after(host);
    textarea.hidden = true;
  } else {
    element.appendChild(host);
  }
  const editor = {
    getDoc: () => view.state.doc.toString(),
    setDoc(text) {
      const changes = { from: 0, to: view.state.doc.length, insert: text };
      view.dispatch({ changes, annotations: fromPage.of(true) });
      if (textarea) textarea.value = text;
    },
    setReadOnly(on) {
      view.dispatch({ effects: readOnly.reconfigure(readOnlySettings(Boolean(on))) });
    },
    focus: () => view.focus(),
    destroy() {
      view.destroy();
      host.remove();
      if (textarea) textarea.hidden = false;
    },
  };
  if (options.readOnly) editor.setReadOnly(true);
  return editor;
}

window.JudgeEditor = { mount };
