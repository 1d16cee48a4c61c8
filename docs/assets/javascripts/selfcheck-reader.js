/* 在浏览器中自查：读取 .docx（zip → XML → 段落与表格 → 申报材料）。
 *
 * The JavaScript twin of kit/docx/package.py (limits), kit/docx/structure.py (what a person sees) and
 * kit/check/from_docx.py (the annex recognised by its labels and headings). Every label, limit and placeholder
 * comes from selfcheck-data.js, generated at build time from the edition data and the Python modules' constants.
 * tests/test_selfcheck.py holds this file and the Python reader to identical findings on the corpus.
 * Nothing here sends anything anywhere: the file is read from memory.
 */
(function () {
  "use strict";
  const D = window.KIT_SELFCHECK_DATA;
  const W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
  const W14_NS = "http://schemas.microsoft.com/office/word/2010/wordml";
  const MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006";
  const R = D.reader;

  class InputError extends Error {
    constructor(message, hint) {
      super(message);
      this.hint = hint || "";
    }
  }

  const notDocx = (why) => new InputError("无法读取 Word 文档：" + why, R.not_docx_hint);

  // ---- zip (central directory, then one entry at a time, inflated with a cap) --------------------------------------
  function centralDirectory(bytes) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const corrupt = () => notDocx(R.corrupt);
    let eocd = -1;
    for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
      if (view.getUint32(i, true) === 0x06054b50) { eocd = i; break; }
    }
    if (eocd < 0) throw corrupt();
    const count = view.getUint16(eocd + 10, true);
    let p = view.getUint32(eocd + 16, true);
    const entries = new Map();
    const names = new TextDecoder("utf-8");
    for (let i = 0; i < count; i++) {
      if (p + 46 > bytes.length || view.getUint32(p, true) !== 0x02014b50) throw corrupt();
      const flags = view.getUint16(p + 8, true);
      const entry = {
        method: view.getUint16(p + 10, true), compressed: view.getUint32(p + 20, true),
        size: view.getUint32(p + 24, true), local: view.getUint32(p + 42, true), encrypted: (flags & 1) === 1,
      };
      const nameLength = view.getUint16(p + 28, true);
      const extra = view.getUint16(p + 30, true), comment = view.getUint16(p + 32, true);
      entries.set(names.decode(bytes.subarray(p + 46, p + 46 + nameLength)), entry);
      p += 46 + nameLength + extra + comment;
    }
    return entries;
  }

  async function inflate(bytes, entry) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const at = entry.local;
    if (at + 30 > bytes.length || view.getUint32(at, true) !== 0x04034b50 || entry.encrypted) throw notDocx(R.corrupt);
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    const data = bytes.subarray(start, start + entry.compressed);
    if (entry.method === 0) return data.slice(0, entry.size);
    if (entry.method !== 8) throw notDocx(R.corrupt);
    // Inflate as a stream and stop at the declared size: a zip bomb that lies about its size ends here.
    const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("deflate-raw"));
    const reader = stream.getReader();
    const out = new Uint8Array(entry.size);
    let filled = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (filled + value.length > entry.size) { await reader.cancel(); throw notDocx(R.corrupt); }
        out.set(value, filled);
        filled += value.length;
      }
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw notDocx(R.corrupt);
    }
    if (filled !== entry.size) throw notDocx(R.corrupt);
    return out;
  }

  /** The parts of an untrusted .docx the checker needs, within the same limits as kit/docx/package.py. */
  async function openUntrusted(buffer) {
    const bytes = new Uint8Array(buffer);
    const entries = centralDirectory(bytes);
    if (entries.size > R.max_entries) throw notDocx("文件中的条目过多");
    if (!entries.has(R.document_part)) throw notDocx("文件中没有 Word 正文（word/document.xml），不是 .docx 文档");
    let total = 0, tooBig = null;
    for (const [name, entry] of entries) {
      total += entry.size;
      if (entry.size > R.max_part_bytes && tooBig === null) tooBig = name;
    }
    if (tooBig !== null || total > R.max_total_bytes) throw notDocx("解压后过大（" + (tooBig || "全部内容") + "）");
    const types = entries.has("[Content_Types].xml")
      ? new TextDecoder("latin1").decode(await inflate(bytes, entries.get("[Content_Types].xml"))) : "";
    if (R.macro_markers.some((marker) => types.includes(marker))) throw new InputError(R.macro_message, R.macro_hint);
    return inflate(bytes, entries.get(R.document_part));
  }

  function parseXml(data) {
    const text = new TextDecoder("utf-8").decode(data);
    if (/<!DOCTYPE/i.test(text)) throw notDocx(R.document_part + " 含有 DOCTYPE 声明，Word 文档不应包含");
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length || !doc.documentElement) {
      throw notDocx(R.document_part + " 不是有效的 XML");
    }
    return doc.documentElement;
  }

  // ---- structure: what a person sees (kit/docx/structure.py) ------------------------------------------------------
  const isW = (el, name) => el.namespaceURI === W_NS && el.localName === name;
  const childW = (el, name) => { for (const c of el.children) if (isW(c, name)) return c; return null; };
  const pathW = (el, ...names) => { let cur = el; for (const n of names) { cur = cur && childW(cur, n); } return cur; };
  const wVal = (el, attr) => (el ? el.getAttributeNS(W_NS, attr || "val") : null);
  const SKIPPED = new Set(["txbxContent", "del", "moveFrom", "instrText", "delText"]);
  const WINGDINGS = { F0FE: R.checked, F078: R.checked, F0FD: R.checked, F0A8: R.unchecked, F06F: R.unchecked, F0FC: "√", F0A1: R.unchecked };

  function symbol(sym) {
    const code = (wVal(sym, "char") || "").toUpperCase();
    if (code in WINGDINGS) return WINGDINGS[code];
    const n = parseInt(code, 16);
    return /^[0-9A-F]+$/.test(code) && n <= 0x10ffff ? String.fromCodePoint(n) : "";
  }

  class TextWalker {
    constructor() { this.parts = []; this.fields = []; }
    emit(text) {
      for (let i = this.fields.length - 1; i >= 0; i--) {
        if (this.fields[i].inResult) { this.fields[i].result.push(text); return; }
      }
      this.parts.push(text);
    }
    fieldChar(char) {
      const kind = wVal(char, "fldCharType");
      if (kind === "begin") {
        const data = childW(char, "ffData");
        const entry = { inResult: false, result: [], def: null, box: null };
        if (data && childW(data, "textInput")) {
          const d = pathW(data, "textInput", "default");
          entry.def = d ? (wVal(d) || "") : "";
        } else if (data && childW(data, "checkBox")) {
          const box = childW(data, "checkBox");
          const state = childW(box, "checked") || childW(box, "default");
          const v = state ? (state.hasAttributeNS(W_NS, "val") ? wVal(state) : "1") : null;
          entry.box = state && !["0", "false", "off"].includes(v) ? R.checked : R.unchecked;
        }
        this.fields.push(entry);
      } else if (kind === "separate" && this.fields.length) {
        this.fields[this.fields.length - 1].inResult = true;
      } else if (kind === "end" && this.fields.length) {
        const entry = this.fields.pop();
        let shown = entry.result.join("");
        if (entry.box !== null) shown = entry.box;
        else if (entry.def !== null && shown === entry.def) shown = "";
        this.emit(shown);
      }
    }
    walk(element) {
      for (const child of element.children) {
        if (child.namespaceURI === MC_NS && child.localName === "Fallback") continue;
        if (child.namespaceURI === W_NS) {
          const name = child.localName;
          if (SKIPPED.has(name)) continue;
          if (name === "t") { this.emit(child.textContent); continue; }
          if (name === "tab") { this.emit("\t"); continue; }
          if (name === "br" || name === "cr") { this.emit("\n"); continue; }
          if (name === "noBreakHyphen") { this.emit("-"); continue; }
          if (name === "sym") { this.emit(symbol(child)); continue; }
          if (name === "fldChar") { this.fieldChar(child); continue; }
          if (name === "sdt") {
            if (!pathW(child, "sdtPr", "showingPlcHdr")) {
              const content = childW(child, "sdtContent");
              if (content) this.walk(content);
            }
            continue;
          }
          if (name === "pPr" || name === "rPr" || name === "sdtPr") continue;
        }
        this.walk(child);
      }
    }
    text() {
      while (this.fields.length) this.emit(this.fields.pop().result.join(""));
      return this.parts.join("");
    }
  }

  function paragraphText(p) {
    const walker = new TextWalker();
    walker.walk(p);
    return walker.text();
  }

  function* childrenThrough(element, name) {
    for (const child of element.children) {
      if (isW(child, name)) yield child;
      else if (isW(child, "sdt")) { const c = childW(child, "sdtContent"); if (c) yield* childrenThrough(c, name); }
      else if (isW(child, "customXml")) yield* childrenThrough(child, name);
    }
  }

  function tableText(table) {
    const out = [];
    for (const row of table.rows) for (const c of row) if (c.text && !c.merged) out.push(c.text);
    return out.join("\n");
  }

  function cell(tc, column) {
    const pr = childW(tc, "tcPr");
    let span = 1, merged = false;
    if (pr) {
      const gridSpan = childW(pr, "gridSpan");
      const v = gridSpan ? (wVal(gridSpan) || "1") : "1";
      if (gridSpan && /^\d+$/.test(v)) span = Math.max(1, parseInt(v, 10));
      const vMerge = childW(pr, "vMerge");
      merged = vMerge !== null && (vMerge.hasAttributeNS(W_NS, "val") ? wVal(vMerge) : "continue") === "continue";
    }
    const texts = blocks(tc).map((b) => (b.rows ? tableText(b) : b.text));
    return { text: merged ? "" : texts.join("\n").replace(/^\n+|\n+$/g, ""), column, span, merged };
  }

  function rows(tbl) {
    const out = [];
    for (const tr of childrenThrough(tbl, "tr")) {
      let column = 0;
      const before = pathW(tr, "trPr", "gridBefore");
      if (before && /^\d+$/.test(wVal(before) || "0")) column = parseInt(wVal(before), 10);
      const row = [];
      for (const tc of childrenThrough(tr, "tc")) {
        const c = cell(tc, column);
        row.push(c);
        column += c.span;
      }
      out.push(row);
    }
    return out;
  }

  function blocks(container) {
    const out = [];
    for (const child of container.children) {
      if (isW(child, "p")) {
        const style = pathW(child, "pPr", "pStyle");
        out.push({ text: paragraphText(child), style: style ? (wVal(style) || "") : "" });
      } else if (isW(child, "tbl")) {
        out.push({ rows: rows(child) });
      } else if (isW(child, "sdt") || isW(child, "customXml")) {
        if (isW(child, "sdt") && pathW(child, "sdtPr", "showingPlcHdr")) continue;
        const content = isW(child, "sdt") ? childW(child, "sdtContent") : child;
        if (content) out.push(...blocks(content));
      }
    }
    return out;
  }

  function documentBlocks(root) {
    const body = childW(root, "body");
    return body ? blocks(body) : [];
  }

  // ---- the annex, recognised by its structure (kit/check/from_docx.py) --------------------------------------------
  const isSpace = (ch) => /\s/u.test(ch);
  const nfkc = (s) => s.normalize("NFKC");
  const norm = (s) => nfkc(s).replace(/\s+/gu, "");
  const strip = (s) => s.replace(/^\s+|\s+$/gu, "");
  const stripChars = (s, chars) => {
    let a = 0, b = s.length;
    while (a < b && chars.includes(s[a])) a++;
    while (b > a && chars.includes(s[b - 1])) b--;
    return s.slice(a, b);
  };
  const lstripChars = (s, chars) => { let a = 0; while (a < s.length && chars.includes(s[a])) a++; return s.slice(a); };
  const rstripChars = (s, chars) => { let b = s.length; while (b > 0 && chars.includes(s[b - 1])) b--; return s.slice(0, b); };
  const TICKED = new Set(Array.from(R.ticked));
  const UNTICKED = new Set(Array.from(R.unticked));
  const AFTER_MARKS = R.after_marks;
  const LEADING = R.leading_punctuation;

  function afterLabel(text, label) {
    const target = norm(label);
    let matched = 0;
    const chars = Array.from(text);
    let offset = 0;
    for (const ch of chars) {
      if (matched === target.length) return strip(lstripChars(text.slice(offset), LEADING));
      offset += ch.length;
      if (isSpace(ch)) continue;
      const piece = norm(ch);
      if (!target.startsWith(piece, matched)) return null;
      matched += piece.length;
    }
    return matched === target.length ? "" : null;
  }

  function isLabel(text, label, hint) {
    const n = rstripChars(norm(text), ":"), base = norm(label);
    return n === base || (!!hint && n === base + norm(hint)) || (n.startsWith(base + "(") && n.endsWith(")"));
  }

  const PLAN_HEADING = new RegExp(R.plan_heading.source, "u");
  const DATE = new RegExp(R.cover_date.source, "u");

  /** The value of a Unicode decimal digit (they come in runs of ten, 0 to 9), as Python's int() reads it. */
  function digitValue(ch) {
    if (ch >= "0" && ch <= "9") return ch.charCodeAt(0) - 48;
    const cp = ch.codePointAt(0);
    let start = cp;
    while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start -= 1;
    return (cp - start) % 10;
  }
  const pyInt = (digits) => parseInt(Array.from(digits).map(digitValue).join(""), 10);

  class AnnexReader {
    constructor() {
      const form = D.form;
      this.inline = form.fields.filter((f) => f.kind !== "table" && f.kind !== "choice");
      this.natureLabel = form.fields.find((f) => f.kind === "choice");
      this.jointLabel = form.fields.find((f) => f.kind === "table");
      this.placeholders = R.placeholders; // normalised, longest first (from Python)
      this.hints = form.fields.filter((f) => f.hint).map((f) => f.hint); // fixed text before the blank in the template
      this.guidance = new Set(D.annex.parts.map((p) => norm(p.guidance)).concat([norm(D.annex.narrative_note)]));
    }

    clean(text) {
      text = strip(text);
      for (const hint of this.hints) {
        const after = afterLabel(text, hint);
        if (after !== null) { text = after; break; }
      }
      let rest = norm(text);
      while (rest) {
        const match = this.placeholders.find((p) => p && rest.startsWith(p));
        if (match === undefined) return text;
        rest = rest.slice(match.length);
      }
      return "";
    }

    partOf(text) {
      const n = norm(text);
      for (const part of D.annex.parts) {
        for (const sep of "、.,:") if (n === norm(part.number) + sep + norm(part.title)) return part.id;
      }
      return null;
    }

    isPlansHeading(text) {
      const t = D.annex.service_plan.title;
      return [norm(t), norm(D.annex.appendix_label + t)].includes(norm(text));
    }

    isDeclarationHeading(text) {
      const t = D.declaration.title;
      return [norm(t), norm(D.annex.appendix_label + t)].includes(norm(text));
    }

    read(all) {
      const found = { cover: {}, fields: {}, natureCell: null, joint: [], parts: {}, plans: [], declarations: 0, foundTable: false };
      let section = null;
      const points = D.annex.service_plan.points.map((p) => norm(p.text));
      const planGuidance = norm(D.annex.service_plan.guidance);
      const appendix = norm(D.annex.appendix_label);
      for (const block of all) {
        if (block.rows) {
          if (section === null || section === "declaration") this.readTable(block, found);
          else if (section === "plans") this.addPlanText(found, tableText(block));
          else found.parts[section].push(tableText(block));
          continue;
        }
        const text = block.text;
        const part = this.partOf(text);
        if (part) { section = part; if (!(part in found.parts)) found.parts[part] = []; continue; }
        if (this.isPlansHeading(text)) { section = "plans"; continue; }
        if (this.isDeclarationHeading(text)) { section = "declaration"; found.declarations += 1; continue; }
        if (section === null) {
          this.readCoverLine(text, found);
        } else if (section === "plans") {
          for (const line of text.split("\n")) this.readPlanLine(line, found, planGuidance, points);
        } else if (section !== "declaration") {
          if (this.guidance.has(norm(text)) || norm(text) === appendix) continue;
          found.parts[section].push(text);
        }
      }
      return found;
    }

    readPlanLine(text, found, planGuidance, points) {
      const n = norm(text);
      if (n === planGuidance || n === norm(D.annex.appendix_label)) return;
      if (points.some((p) => n.endsWith(p) && n.length - p.length <= 3)) return;
      const heading = PLAN_HEADING.exec(nfkc(strip(text)));
      if (heading) found.plans.push({ title: strip(heading[2]), text: [strip(text)] });
      else this.addPlanText(found, text);
    }

    addPlanText(found, text) {
      text = this.clean(text);
      if (!text) return;
      if (!found.plans.length) found.plans.push({ title: "", text: [] });
      found.plans[found.plans.length - 1].text.push(text);
    }

    readCoverLine(text, found) {
      for (const item of D.annex.cover) {
        let rest = afterLabel(text, item.label);
        if (rest !== null && !(item.id in found.cover)) {
          if (item.suffix) rest = rest.split(item.suffix).join("").split(nfkc(item.suffix)).join("");
          found.cover[item.id] = this.clean(rest);
        }
      }
    }

    readTable(table, found) {
      let jointColumns = null;
      for (const row of table.rows) {
        const cells = row.filter((c) => !c.merged);
        if (!cells.length) continue;
        if (cells.length <= 2 && jointColumns === null) this.readCoverLine(cells.map((c) => c.text).join(""), found);
        const labelRow = this.readLabels(cells, found);
        const header = this.jointHeader(row);
        if (header) {
          jointColumns = header;
          found.foundTable = true;
        } else if (jointColumns !== null && !labelRow) {
          const unit = {};
          for (const c of row) {
            if (c.merged) continue;
            for (const [col, cid] of jointColumns) if (c.column === col) unit[cid] = this.clean(c.text);
          }
          if (Object.values(unit).some((v) => v)) {
            const full = {};
            for (const cid of jointColumns.values()) full[cid] = unit[cid] || "";
            found.joint.push(full);
          }
        } else if (labelRow) {
          jointColumns = null;
        }
      }
    }

    jointHeader(row) {
      const columns = new Map();
      for (const c of row) {
        for (const column of D.form.joint_columns) if (norm(c.text) === norm(column.label)) columns.set(c.column, column.id);
      }
      return columns.size === D.form.joint_columns.length ? columns : null;
    }

    readLabels(cells, found) {
      let any = false;
      for (let i = 0; i < cells.length; i++) {
        const c = cells[i];
        const value = i + 1 < cells.length ? cells[i + 1].text : "";
        if (isLabel(c.text, this.natureLabel.label) && !this.jointHeaderCell(cells)) {
          found.natureCell = value;
          found.foundTable = any = true;
          continue;
        }
        for (const f of this.inline) {
          if (!(f.id in found.fields) && isLabel(c.text, f.label, f.hint || "")) {
            found.fields[f.id] = this.clean(value);
            found.foundTable = any = true;
            break;
          }
        }
      }
      return any;
    }

    jointHeaderCell(cells) {
      return cells.some((c) => isLabel(c.text, this.jointLabel.label, this.jointLabel.hint || ""));
    }

    natures(text) {
      if (!text) return [[], ""];
      const flat = nfkc(text);
      const hasBoxes = Array.from(flat).some((ch) => TICKED.has(ch) || UNTICKED.has(ch));
      const ticked = [];
      let note = "";
      for (const option of D.form.natures) {
        const label = nfkc(option.label);
        const short = label.split("(")[0];
        let position = flat.indexOf(label), length = label.length;
        if (position < 0) { position = flat.indexOf(short); length = short.length; }
        if (position < 0) continue;
        const before = Array.from(flat.slice(0, position).replace(/\s+$/u, ""));
        const after = flat.slice(position + length);
        const first = Array.from(after)[0] || "";
        const mark = (before.length > 0 && TICKED.has(before[before.length - 1])) || (first !== "" && AFTER_MARKS.includes(first));
        if (mark || !hasBoxes) ticked.push(option.id);
        if (option.needs_note) {
          const afterChars = Array.from(after);
          let end = afterChars.findIndex((ch) => TICKED.has(ch) || UNTICKED.has(ch));
          if (end < 0) end = afterChars.length;
          note = this.clean(stripChars(lstripChars(afterChars.slice(0, end).join(""), AFTER_MARKS), LEADING + "\n"));
        }
      }
      return [ticked, note];
    }
  }

  function parseDate(text) {
    const m = DATE.exec(nfkc(text || ""));
    if (!m) return null;
    const [y, mo, d] = [pyInt(m[1]), pyInt(m[2]), pyInt(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1 || date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }

  /** The application read from a .docx, in the shape of kit.application.Application (strings stripped). */
  function applicationFromBlocks(all) {
    const reader = new AnnexReader();
    const found = reader.read(all);
    if (!found.foundTable && !Object.keys(found.parts).length && !found.plans.length) {
      const paragraphs = all.filter((b) => !b.rows && strip(b.text)).length;
      const tables = all.filter((b) => b.rows).length;
      const headings = D.annex.parts.map((p) => p.heading).join("、");
      throw new InputError(`这份 Word 文档不是工作方案：文档有 ${paragraphs} 段文字、${tables} 个表格，但没有找到` +
        `“${D.annex.basic_info_heading}”的基本信息表（${reader.inline[0].label}、${reader.natureLabel.label}等栏目），` +
        `也没有找到“${headings}”等标题`, R.not_application_hint);
    }
    const [ticks, note] = reader.natures(found.natureCell);
    const lead = {};
    for (const f of reader.inline) if (f.kind !== "longtext") lead[f.id === D.lead_name_field ? "name" : f.id] = strip(found.fields[f.id] || "");
    lead.intro = strip(found.fields.intro || "");
    lead.nature = ticks.length === 1 ? ticks[0] : "";
    lead.nature_note = strip(note);
    const plans = found.plans.filter((p) => p.title || p.text.length)
      .map((p) => ({ title: strip(p.title), text: strip(p.text.join("\n")) }));
    const parts = {};
    for (const p of D.annex.parts) parts[p.id] = strip(reader.clean((found.parts[p.id] || []).join("\n")));
    const labels = Object.fromEntries(D.form.natures.map((o) => [o.id, o.label]));
    return {
      app: {
        plan_name: strip(found.cover.plan_name || ""),
        apply_date: parseDate(found.cover.apply_date),
        lead,
        joint: found.joint.map((u) => Object.fromEntries(Object.entries(u).map(([k, v]) => [k, strip(v)]))),
        parts,
        service_plans: plans,
      },
      natureTicks: ticks.map((t) => labels[t]),
      declarations: found.declarations,
    };
  }

  async function readDocx(buffer) {
    return applicationFromBlocks(documentBlocks(parseXml(await openUntrusted(buffer))));
  }

  window.KitSelfCheckReader = { readDocx, InputError, norm, digitValue, pyInt };
})();
