// Progressive enhancement of the item form's 正文 (HTML) box into a rich-text editor (ProseMirror,
// MIT). Without JavaScript, or when the body holds something this editor cannot keep, the plain
// HTML box stays. The editor writes HTML back into that box on every change, so the form posts the
// same field and the server cleans it with the same allow-list as any body (content/model.ts).
import { Schema, DOMParser, DOMSerializer } from '/static/vendor/prosemirror-model.js';
import { EditorState } from '/static/vendor/prosemirror-state.js';
import { EditorView } from '/static/vendor/prosemirror-view.js';
import { history, undo, redo } from '/static/vendor/prosemirror-history.js';
import { keymap } from '/static/vendor/prosemirror-keymap.js';
import { baseKeymap, toggleMark, setBlockType, wrapIn, lift, chainCommands, exitCode } from '/static/vendor/prosemirror-commands.js';
import { wrapInList, splitListItem, liftListItem, sinkListItem } from '/static/vendor/prosemirror-schema-list.js';
import { tableNodes, tableEditing, addRowAfter, addColumnAfter, deleteRow, deleteColumn, deleteTable, isInTable } from '/static/vendor/prosemirror-tables.js';
import { cleanPastedWord } from '/static/vendor/clean-paste.js';

// The schema is the server's allow-list (p, h2–h4, lists, quotes, tables, links, images, emphasis,
// sup/sub, hr, br): nothing the server would drop can be made here, nothing it keeps is lost.
const cellScope = { default: null, getFromDOM: (dom) => dom.getAttribute('scope'), setDOMAttr: (v, attrs) => { if (v) attrs.scope = v; } };
const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: { group: 'block', content: 'inline*', parseDOM: [{ tag: 'p' }, { tag: 'div', priority: 10 }], toDOM: () => ['p', 0] },
    heading: {
      group: 'block', content: 'inline*', defining: true, attrs: { level: { default: 2 } },
      parseDOM: [{ tag: 'h1', attrs: { level: 2 } }, { tag: 'h2', attrs: { level: 2 } }, { tag: 'h3', attrs: { level: 3 } }, { tag: 'h4', attrs: { level: 4 } }, { tag: 'h5', attrs: { level: 4 } }, { tag: 'h6', attrs: { level: 4 } }],
      toDOM: (n) => ['h' + n.attrs.level, 0],
    },
    blockquote: { group: 'block', content: 'block+', defining: true, parseDOM: [{ tag: 'blockquote' }], toDOM: () => ['blockquote', 0] },
    horizontal_rule: { group: 'block', parseDOM: [{ tag: 'hr' }], toDOM: () => ['hr'] },
    bullet_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ul' }], toDOM: () => ['ul', 0] },
    ordered_list: { group: 'block', content: 'list_item+', parseDOM: [{ tag: 'ol' }], toDOM: () => ['ol', 0] },
    list_item: { content: 'paragraph block*', defining: true, parseDOM: [{ tag: 'li' }], toDOM: () => ['li', 0] },
    ...tableNodes({ tableGroup: 'block', cellContent: 'block+', cellAttributes: { scope: cellScope } }),
    text: { group: 'inline' },
    image: {
      group: 'inline', inline: true, draggable: true, attrs: { src: {}, alt: { default: '' } },
      parseDOM: [{ tag: 'img[src]', getAttrs: (dom) => ({ src: dom.getAttribute('src'), alt: dom.getAttribute('alt') || '' }) }],
      toDOM: (n) => ['img', { src: n.attrs.src, alt: n.attrs.alt }],
    },
    hard_break: { group: 'inline', inline: true, selectable: false, parseDOM: [{ tag: 'br' }], toDOM: () => ['br'] },
  },
  marks: {
    link: {
      attrs: { href: {}, title: { default: null } }, inclusive: false,
      parseDOM: [{ tag: 'a[href]', getAttrs: (dom) => ({ href: dom.getAttribute('href'), title: dom.getAttribute('title') }) }],
      toDOM: (m) => ['a', { href: m.attrs.href, title: m.attrs.title }, 0],
    },
    strong: { parseDOM: [{ tag: 'strong' }, { tag: 'b' }], toDOM: () => ['strong', 0] },
    em: { parseDOM: [{ tag: 'em' }, { tag: 'i' }], toDOM: () => ['em', 0] },
    underline: { parseDOM: [{ tag: 'u' }], toDOM: () => ['u', 0] },
    sup: { excludes: 'sub', parseDOM: [{ tag: 'sup' }], toDOM: () => ['sup', 0] },
    sub: { excludes: 'sup', parseDOM: [{ tag: 'sub' }], toDOM: () => ['sub', 0] },
  },
});

const N = schema.nodes;
const M = schema.marks;

/** Body HTML (as stored, or typed as plain text) → a document. Plain lines become paragraphs, as on the server. */
function parse(html) {
  const box = document.createElement('div');
  const text = html.trim();
  if (text && !/<(p|h[1-6]|ul|ol|table|div|blockquote|br)\b/i.test(text)) {
    for (const line of text.split(/\n+/)) {
      const p = document.createElement('p');
      p.innerHTML = line;
      box.appendChild(p);
    }
  } else box.innerHTML = text;
  return DOMParser.fromSchema(schema).parse(box);
}

function serialize(doc) {
  const box = document.createElement('div');
  box.appendChild(DOMSerializer.fromSchema(schema).serializeFragment(doc.content));
  return box.innerHTML.replace(/<\/(p|h[2-4]|li|tr|table|ul|ol|blockquote)>/g, '</$1>\n').trim();
}

/** The visible text of some HTML, spaces removed: what must survive a round trip through the editor. */
function textOf(html) {
  const box = document.createElement('div');
  box.innerHTML = html;
  for (const img of box.querySelectorAll('img')) img.replaceWith('[img:' + (img.getAttribute('src') || '') + ']');
  return box.textContent.replace(/\s+/g, '');
}

/** What the allow-list keeps but this editor's structure has no place for. */
const UNSUPPORTED = /<caption\b/i;

/** Pasted HTML: Word's markup cleaned as the server cleans it, and inline styles dropped (the allow-list drops them too). */
const cleanPaste = (html) => cleanPastedWord(html).replace(/\sstyle\s*=\s*("[^"]*"|'[^']*'|[^\s>]*)/gi, '');

const markActive = (state, type) => {
  const { from, $from, to, empty } = state.selection;
  return empty ? !!type.isInSet(state.storedMarks || $from.marks()) : state.doc.rangeHasMark(from, to, type);
};
const blockActive = (state, type, attrs) => {
  const { $from } = state.selection;
  const node = $from.parent;
  return node.type === type && (!attrs || Object.keys(attrs).every((k) => node.attrs[k] === attrs[k]));
};

function toggleLink(state, dispatch) {
  if (markActive(state, M.link)) return toggleMark(M.link)(state, dispatch);
  if (state.selection.empty) return false;
  if (!dispatch) return true;
  const href = window.prompt('链接地址（以 http://、https:// 或 / 开头）', 'https://');
  if (!href || !/^(https?:\/\/|mailto:|\/(?![\/\\]))/i.test(href.trim())) return false;
  return toggleMark(M.link, { href: href.trim() })(state, dispatch);
}

function insertTable(state, dispatch) {
  if (isInTable(state)) return false;
  if (dispatch) {
    const cell = () => N.table_cell.createAndFill();
    const head = () => N.table_header.create(null, N.paragraph.create());
    const rows = [N.table_row.create(null, [head(), head(), head()]), N.table_row.create(null, [cell(), cell(), cell()]), N.table_row.create(null, [cell(), cell(), cell()])];
    dispatch(state.tr.replaceSelectionWith(N.table.create(null, rows)).scrollIntoView());
  }
  return true;
}

// Every toolbar button has a visible Chinese label; the shortcut, where there is one, is in its title.
const BUTTONS = [
  { label: '加粗', title: 'Ctrl+B', run: toggleMark(M.strong), active: (s) => markActive(s, M.strong) },
  { label: '斜体', title: 'Ctrl+I', run: toggleMark(M.em), active: (s) => markActive(s, M.em) },
  { label: '下划线', title: 'Ctrl+U', run: toggleMark(M.underline), active: (s) => markActive(s, M.underline) },
  { label: '正文段落', run: setBlockType(N.paragraph), active: (s) => blockActive(s, N.paragraph) },
  { label: '二级标题', run: setBlockType(N.heading, { level: 2 }), active: (s) => blockActive(s, N.heading, { level: 2 }) },
  { label: '三级标题', run: setBlockType(N.heading, { level: 3 }), active: (s) => blockActive(s, N.heading, { level: 3 }) },
  { label: '项目列表', run: wrapInList(N.bullet_list) },
  { label: '编号列表', run: wrapInList(N.ordered_list) },
  { label: '取消列表/引用', run: chainCommands(liftListItem(N.list_item), lift) },
  { label: '引用', run: wrapIn(N.blockquote) },
  { label: '链接', title: '选中文字后添加链接；在链接上再按一次取消', run: toggleLink, active: (s) => markActive(s, M.link) },
  { label: '插入表格', run: insertTable },
  { label: '表格加一行', run: addRowAfter, table: true },
  { label: '表格加一列', run: addColumnAfter, table: true },
  { label: '删除行', run: deleteRow, table: true },
  { label: '删除列', run: deleteColumn, table: true },
  { label: '删除表格', run: deleteTable, table: true },
  { label: '撤销', title: 'Ctrl+Z', run: undo },
  { label: '重做', title: 'Ctrl+Y', run: redo },
];

function enhance(textarea) {
  const original = textarea.value;
  let doc;
  try {
    doc = parse(original);
  } catch {
    return;
  }
  // Something this editor cannot hold (a table caption, an unknown tag's text…) would be lost:
  // keep the plain box and say why.
  if (UNSUPPORTED.test(original) || (original.trim() && textOf(serialize(doc)) !== textOf(original))) {
    const note = document.createElement('p');
    note.className = 'hint';
    note.textContent = '正文含有格式编辑器不能保留的内容（如表格标题），请在下面的 HTML 框中直接修改。';
    textarea.before(note);
    return;
  }
  const field = textarea.closest('.field') || textarea.parentElement;
  const label = field.querySelector('label[for="' + textarea.id + '"]');
  const wrap = document.createElement('div');
  wrap.className = 'rte';
  const bar = document.createElement('div');
  bar.className = 'rte-toolbar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', '正文格式');
  bar.setAttribute('aria-controls', textarea.id + '-rte');
  const mount = document.createElement('div');
  wrap.append(bar, mount);
  textarea.after(wrap);
  textarea.hidden = true;

  let view;
  const buttons = BUTTONS.map((b) => {
    const el = document.createElement('button');
    el.type = 'button';
    el.className = 'secondary';
    el.textContent = b.label;
    if (b.title) el.title = b.title;
    el.addEventListener('mousedown', (e) => e.preventDefault()); // keep the editor's selection
    el.addEventListener('click', () => {
      b.run(view.state, view.dispatch, view);
      view.focus();
    });
    bar.appendChild(el);
    return { b, el };
  });
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'secondary';
  toggle.textContent = '编辑 HTML';
  toggle.setAttribute('aria-pressed', 'false');
  bar.appendChild(toggle);

  // The table buttons show only while the cursor is in a table, so the toolbar stays short.
  const refresh = (state) => {
    for (const { b, el } of buttons) {
      if (b.table) el.hidden = !textarea.hidden || !isInTable(state);
      el.disabled = !b.run(state);
      if (b.active) el.setAttribute('aria-pressed', String(!!b.active(state)));
    }
  };
  const describedBy = textarea.getAttribute('aria-describedby');
  view = new EditorView(mount, {
    state: EditorState.create({
      doc,
      plugins: [
        history(),
        keymap({
          'Mod-z': undo, 'Mod-y': redo, 'Shift-Mod-z': redo,
          'Mod-b': toggleMark(M.strong), 'Mod-i': toggleMark(M.em), 'Mod-u': toggleMark(M.underline),
          'Shift-Enter': chainCommands(exitCode, (state, dispatch) => { if (dispatch) dispatch(state.tr.replaceSelectionWith(N.hard_break.create()).scrollIntoView()); return true; }),
          Enter: splitListItem(N.list_item),
          'Mod-]': sinkListItem(N.list_item), 'Mod-[': liftListItem(N.list_item),
        }),
        keymap(baseKeymap),
        tableEditing(),
      ],
    }),
    attributes: {
      id: textarea.id + '-rte',
      class: 'rte-content',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': label ? label.textContent.replace(/（必填）/, '').trim() : '正文',
      ...(describedBy ? { 'aria-describedby': describedBy } : {}),
    },
    transformPastedHTML: cleanPaste,
    dispatchTransaction(tr) {
      const state = view.state.apply(tr);
      view.updateState(state);
      if (tr.docChanged) textarea.value = serialize(state.doc);
      refresh(state);
    },
  });
  if (label) label.addEventListener('click', () => view.focus());
  refresh(view.state);

  // 编辑 HTML: back to the plain box (what the server receives either way) and back again.
  toggle.addEventListener('click', () => {
    const toHtml = textarea.hidden;
    if (toHtml) {
      textarea.hidden = false;
      mount.hidden = true;
      textarea.focus();
    } else {
      const next = parse(textarea.value);
      view.updateState(EditorState.create({ doc: next, plugins: view.state.plugins }));
      textarea.value = serialize(next);
      textarea.hidden = true;
      mount.hidden = false;
      view.focus();
      refresh(view.state);
    }
    for (const { b, el } of buttons) el.hidden = toHtml || (!!b.table && !isInTable(view.state));
    toggle.textContent = toHtml ? '返回格式编辑' : '编辑 HTML';
    toggle.setAttribute('aria-pressed', String(toHtml));
  });
}

for (const textarea of document.querySelectorAll('textarea[data-rich-text]')) enhance(textarea);
