/* 在浏览器中自查：通知的每条规则，用于从 .docx 读出的申报材料。
 *
 * The JavaScript twin of kit/check/rules.py (the rules), pii.py, codes.py and wordcount.py, for documents read
 * by selfcheck-reader.js. Numbers, labels, keywords and regular expressions come from selfcheck-data.js (made from
 * the edition data and the Python modules at build time); tests/test_selfcheck.py runs both over the corpus and
 * requires the same rule, severity and place for every finding.
 */
(function () {
  "use strict";
  const D = window.KIT_SELFCHECK_DATA;
  const C = D.constants;
  const L = D.limits;
  const reader = window.KitSelfCheckReader;
  const P = Object.fromEntries(Object.entries(D.patterns).map(([k, p]) => [k, (flags) =>
    new RegExp(p.source, "u" + (p.ignore_case ? "i" : "") + (flags || ""))]));
  const E = "error", W = "warning";
  const chars = (s) => Array.from(s);

  // ---- 字数 as Word counts it (wordcount.py) ----------------------------------------------------------------------
  const EAST_ASIAN = P.east_asian(), HANZI = P.hanzi("g");
  const WORD_CHAR = /[\p{L}\p{N}\p{S}]/u;
  function count(text) {
    let words = 0, run = false;
    for (const ch of text) {
      if (EAST_ASIAN.test(ch)) { if (run) words += 1; run = false; words += 1; }
      else if (/\s/u.test(ch)) { if (run) words += 1; run = false; }
      else if (WORD_CHAR.test(ch)) run = true;
    }
    if (run) words += 1;
    return { words, hanzi: (text.match(HANZI) || []).length };
  }
  const lengthText = (text) => { const c = count(text); return `${c.words} 字（按 Word 字数统计；其中汉字 ${c.hanzi} 个）`; };

  // ---- codes (codes.py) -------------------------------------------------------------------------------------------
  const { digitValue, pyInt } = reader;
  const normaliseCode = (raw) => raw.normalize("NFKC").replace(P.code_separators("g"), "").toUpperCase();
  function usccCheckChar(body) {
    let total = 0;
    chars(body).forEach((c, i) => { total += C.uscc_alphabet.indexOf(c) * C.uscc_weights[i]; });
    return C.uscc_alphabet[(31 - (total % 31)) % 31];
  }
  function orgCheckChar(body) {
    let total = 0;
    chars(body).forEach((c, i) => { total += parseInt(c, 36) * C.org_weights[i]; });
    const value = 11 - (total % 11);
    return value === 10 ? "X" : value === 11 ? "0" : String(value);
  }
  function checkCode(raw) {
    const code = normaliseCode(raw), list = chars(code);
    if (list.length === 18) {
      const bad = [...new Set(list.filter((c) => !C.uscc_alphabet.includes(c)))].sort();
      if (bad.length) return { kind: "uscc", code, expected: null, problem: `含有统一社会信用代码不使用的字符：${bad.join("")}（不用 I、O、S、V、Z）` };
      const expected = usccCheckChar(list.slice(0, 17).join(""));
      return { kind: "uscc", code, expected: expected === list[17] ? null : expected, problem: null };
    }
    if (list.length === 9) {
      if (!/^[\p{L}\p{N}]+$/u.test(list.slice(0, 8).join("")) || !/^[\x00-\x7f]*$/.test(code)) {
        return { kind: "org", code, expected: null, problem: "组织机构代码本体应为 8 位数字或大写字母" };
      }
      const expected = orgCheckChar(list.slice(0, 8).join(""));
      return { kind: "org", code, expected: expected === list[8] ? null : expected, problem: null };
    }
    return { kind: "unknown", code, expected: null, problem: `长度为 ${list.length} 位：统一社会信用代码应为 18 位，组织机构代码应为 9 位` };
  }
  const codeValid = (r) => r.problem === null && r.expected === null;

  // ---- personal information (pii.py) ------------------------------------------------------------------------------
  function idCardValid(number) {
    const list = chars(number);
    let total = 0;
    for (let i = 0; i < 17; i++) total += digitValue(list[i]) * C.id_weights[i];
    return C.id_check[total % 11] === list[17].toUpperCase();
  }
  function luhnValid(digits) {
    let total = 0;
    chars(digits).reverse().forEach((ch, i) => {
      let d = digitValue(ch);
      if (i % 2 === 1) d = d > 4 ? d * 2 - 9 : d * 2;
      total += d;
    });
    return total % 10 === 0;
  }
  function labelledSpans(text) {
    const spans = [];
    const group = P.labelled_group("y");
    for (const label of text.matchAll(P.code_label("g"))) {
      const labelEnd = label.index + label[0].length;
      let end = labelEnd, size = 0, at = end;
      for (;;) {
        group.lastIndex = at;
        const m = group.exec(text);
        if (!m) break;
        size += m[0].length;
        if (end > labelEnd && size > C.labelled_max) break;
        end = m.index + m[0].length;
        if (end + 1 >= text.length || !" -".includes(text[end])) break;
        at = end + 1;
      }
      if (end > labelEnd) spans.push([labelEnd, end]);
    }
    return spans;
  }
  function codeSpans(text) {
    const spans = [];
    for (const [pattern, kind] of [[P.uscc_token("g"), "uscc"], [P.org_token("g"), "org"]]) {
      for (const m of text.matchAll(pattern)) {
        const r = checkCode(m[0]);
        if (r.kind === kind && codeValid(r)) spans.push([m.index, m.index + m[0].length]);
      }
    }
    return spans;
  }
  function blank(text, spans) {
    let out = text;
    for (const [a, b] of spans) out = out.slice(0, a) + C.blank.repeat(b - a) + out.slice(b);
    return out;
  }
  function findPersonal(text) {
    const hits = [], taken = [];
    const inside = (i) => taken.some(([a, b]) => i >= a && i < b);
    const idText = blank(text, labelledSpans(text));
    for (const m of idText.matchAll(P.id_number("g"))) {
      if (idCardValid(m[0])) { hits.push({ kind: "id_card", text: m[0], start: m.index }); taken.push([m.index, m.index + m[0].length]); }
    }
    const rest = blank(idText, codeSpans(text));
    for (const m of rest.matchAll(P.card("g"))) {
      const digits = m[0].replace(/\P{Nd}/gu, "");
      const n = chars(digits).length;
      if (n >= 16 && n <= 19 && luhnValid(digits) && !inside(m.index)) {
        hits.push({ kind: "bank_card", text: m[0], start: m.index });
        taken.push([m.index, m.index + m[0].length]);
      }
    }
    for (const m of rest.matchAll(P.mobile("g"))) {
      if (!inside(m.index) && !inside(m.index + m[0].length - 1)) hits.push({ kind: "mobile", text: m[0], start: m.index });
    }
    return hits.sort((a, b) => a.start - b.start);
  }
  function mask(text) {
    const list = chars(text);
    return list.length > 7 ? list.slice(0, 3).join("") + "*".repeat(list.length - 7) + list.slice(-4).join("") : "*".repeat(list.length);
  }

  // ---- places in a .docx (from_docx._labels) ----------------------------------------------------------------------
  const formLabels = Object.fromEntries(D.form.fields.map((f) => [f.id, f.label]));
  const columnLabels = Object.fromEntries(D.form.joint_columns.map((c) => [c.id, c.label]));
  const jointLabel = D.form.fields.find((f) => f.kind === "table").label;
  const basic = D.annex.basic_info_heading + " / ";
  function where(path) {
    const head = path[0];
    if (head === "lead") {
      const id = path[1] === "name" ? D.lead_name_field : path[1];
      return basic + (formLabels[id] || (path[1].startsWith("nature") ? "单位性质" : path[1]));
    }
    if (head === "joint") return path.length > 2 ? basic + `${jointLabel} ${path[1] + 1} / ${columnLabels[path[2]] || path[2]}` : basic + jointLabel;
    if (head === "parts") {
      const part = path.length > 1 ? D.annex.parts.find((p) => p.id === path[1]) : null;
      return part ? part.heading : "第二、三、四部分";
    }
    if (head === "service_plans") return path.length > 1 ? `附 ${D.annex.service_plan.title} ${path[1] + 1}` : `附 ${D.annex.service_plan.title}`;
    const cover = D.annex.cover.find((c) => c.id === head);
    if (cover) return `封面 / ${cover.label}`;
    if (head === "declaration") return `附 ${D.declaration.title}`;
    return path.join(".");
  }

  // ---- the rules (rules.py), in the registry's order ----------------------------------------------------------------
  const natureOption = (value) => D.form.natures.find((o) => [o.id, o.label, o.name].includes(value)) || null;
  const compact = (text) => text.normalize("NFKC").replace(/\s+/gu, "");
  const jointWords = () => `联合申报主体不得超过${L.max_joint_applicants}家`;
  function parseLooseDate(text) {
    const m = P.founded().exec(compact(text));
    if (!m) return null;
    const [y, mo, d] = [m[1], m[2] || m[5], m[3] || m[6]].map((v) => (v ? pyInt(v) : 1));
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (y < 1 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
    return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  function pyFloat(text) {  // what Python's float() accepts (any decimal digits), for 注册资本
    const t = text.replace(/^\s+|\s+$/gu, "").replace(/\p{Nd}/gu, (d) => String(digitValue(d)));
    if (/^[+-]?(inf|infinity|nan)$/i.test(t)) return /^-/.test(t) && !/nan/i.test(t) ? -Infinity : /nan/i.test(t) ? NaN : Infinity;
    const digits = "\\d(?:_?\\d)*";
    if (!new RegExp(`^[+-]?(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?$`).test(t)) return null;
    return Number(t.replace(/_/g, ""));
  }
  const today = () => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`; };

  const RULES = {
    "LEN-NARRATIVE": function* (la) {
      const texts = D.annex.parts.map((p) => la.app.parts[p.id] || "");
      const total = count(texts.join("\n")).words;
      if (total < L.narrative_min_chars) {
        yield [E, ["parts"], `第二、三、四部分合计 ${lengthText(texts.join("\n"))}，少于 ${L.narrative_min_chars} 字；请补充约 ${L.narrative_min_chars - total} 字`];
      }
    },
    "LEN-PLAN": function* (la) {
      if (!la.app.service_plans.length) {
        yield [E, ["service_plans"], "没有网络安全保险服务方案；请至少填写一个服务方案（附件“附 网络安全保险服务方案”）"];
      }
      for (const [i, plan] of la.app.service_plans.entries()) {
        const words = count(plan.text).words;
        if (words < L.service_plan_min_chars) {
          yield [E, ["service_plans", i, "text"], `服务方案 ${i + 1}「${plan.title || "未命名"}」${lengthText(plan.text)}，少于 ${L.service_plan_min_chars} 字；请补充约 ${L.service_plan_min_chars - words} 字`];
        }
      }
    },
    "LEN-INTRO": function* (la) {
      const words = count(la.app.lead.intro).words;
      if (words > L.intro_max_chars) {
        yield [E, ["lead", "intro"], `申报单位简介 ${lengthText(la.app.lead.intro)}，超过 ${L.intro_max_chars} 字；请删减约 ${words - L.intro_max_chars} 字`];
      }
    },
    "JOINT-COUNT": function* (la) {
      const limit = L.max_joint_applicants;
      const n = la.app.joint.filter((u) => u.name || u.org_code).length;
      if (n > limit) {
        yield [E, ["joint"], `联合申报单位有 ${n} 家（不含牵头单位），超过通知“${jointWords()}”的上限，无论是否包含牵头单位都已超出；请减少到不超过 ${limit} 家`];
      } else if (n && n + 1 > limit) {
        yield [W, ["joint"], `联合申报单位有 ${n} 家，连同牵头单位共 ${n + 1} 家。通知未明确“${jointWords()}”是否包含牵头单位：不包含则符合要求，包含则超出。提交前请向通知所列联系部门确认，或把联合申报单位减少到 ${limit - 1} 家`];
      }
    },
    "FIELD-REQUIRED": function* (la) {
      if (!la.app.plan_name) yield [E, ["plan_name"], "缺少方案名称；请在封面填写方案名称"];
      if (la.app.apply_date === null) yield [E, ["apply_date"], "缺少申报日期；请填写封面上的申报日期"];
      for (const field of D.form.fields) {
        const key = field.id === D.lead_name_field ? "name" : field.id;
        if (field.kind === "table" || la.app.lead[key] || (field.kind === "choice" && la.natureTicks.length)) continue;
        if (field.optional) yield [W, ["lead", key], `未填写“${field.label}”；${C.optional_blank}`];
        else yield [E, ["lead", key], `缺少“${field.label}”；请填写`];
      }
      for (const [i, unit] of la.app.joint.entries()) {
        for (const key of ["name", "nature", "org_code"]) {
          if (!unit[key]) yield [E, ["joint", i, key], `联合申报单位 ${i + 1} 缺少“${columnLabels[key]}”；请填写`];
        }
      }
    },
    "FIELD-CODE": function* (la) {
      const units = [[["lead", "org_code"], "牵头单位", la.app.lead.org_code]]
        .concat(la.app.joint.map((u, i) => [["joint", i, "org_code"], `联合申报单位 ${i + 1}`, u.org_code]));
      for (const [path, who, code] of units) {
        if (!code) continue;
        const r = checkCode(code);
        if (r.problem) yield [E, path, `${who}的代码“${code}”${r.problem}；请核对营业执照或事业单位法人证书`];
        else if (r.expected) yield [W, path, `${who}的代码“${code}”校验位不符：按 ${r.kind === "uscc" ? "GB 32100" : "GB 11714"} 计算应为“${r.expected}”；请逐位核对证书（少数早期代码确实不符合校验规则）`];
        else if (path[0] === "lead" && r.kind === "uscc" && chars(r.code).slice(2, 4).join("") !== D.notice.region_code) {
          const [region, code] = [D.notice.region, D.notice.region_code];
          yield [W, path, `牵头单位代码第 3–4 位为“${chars(r.code).slice(2, 4).join("")}”，不是${region}（${code}）的行政区划；申报主体应在${region}内注册，请核对`];
        }
      }
    },
    "FIELD-FORMAT": function* (la) {
      const lead = la.app.lead;
      for (const [key, label] of [["phone", "联系电话"], ["fax", "传真"]]) {
        const value = lead[key];
        if (value && compact(value) !== "无" && !P.phone().test(compact(value))) {
          yield [E, ["lead", key], `“${label}”“${value}”不是有效的电话号码；请写成 021-12345678 或 11 位手机号`];
        }
      }
      if (lead.email && !P.email().test(lead.email)) yield [E, ["lead", "email"], `“邮箱”“${lead.email}”格式不正确；请写成 name@example.org`];
      if (lead.founded) {
        const day = parseLooseDate(lead.founded);
        if (day === null) yield [E, ["lead", "founded"], `“成立时间”“${lead.founded}”无法识别；请写成 1950-03-01 或 1950年3月`];
        else if (day > (la.app.apply_date || today())) yield [E, ["lead", "founded"], "“成立时间”晚于申报日期；请核对"];
      }
      if (lead.capital) {
        const value = pyFloat(lead.capital.split(",").join(""));
        if (value === null || value < 0) yield [E, ["lead", "capital"], `“注册资本（万元）”应为数字，现为“${lead.capital}”；请只填数字，如 12000`];
      }
      if (lead.region && !L.region_markers.some((m) => lead.region.includes(m))) {
        yield [E, ["lead", "region"], `“所在地区”“${lead.region}”不在${D.notice.region}；通知四（一）：申报主体为${D.notice.eligibility[0]}`];
      }
    },
    "NATURE": function* (la) {
      const units = [[["lead"], "牵头单位", la.app.lead]].concat(la.app.joint.map((u, i) => [["joint", i], `联合申报单位 ${i + 1}`, u]));
      if (la.natureTicks.length > 1) yield [W, ["lead", "nature"], `单位性质勾选了 ${la.natureTicks.length} 项（${la.natureTicks.join("、")}）；表中没有写明可否多选，建议只勾选一项`];
      for (const [path, who, unit] of units) {
        if (!unit.nature) continue;
        const option = natureOption(unit.nature);
        if (option === null) {
          const choices = D.form.natures.map((o) => o.name).join("、");
          yield [E, path.concat(["nature"]), `${who}的单位性质“${unit.nature}”不是表中的选项；请从 ${choices} 中选一项`];
        } else if (option.needs_note && !unit.nature_note) {
          yield [E, path.concat(["nature_note"]), `${who}的单位性质为“其他”，请注明具体性质`];
        }
      }
    },
    "PLAN-POINTS": function* (la) {
      for (const [i, plan] of la.app.service_plans.entries()) {
        for (const [n, point] of D.annex.service_plan.points.entries()) {
          const hits = point.keywords.filter((k) => plan.text.includes(k));
          if (hits.length < point.min_hits) {
            yield [E, ["service_plans", i, "text"], `服务方案 ${i + 1} 似乎未写第 ${n + 1} 项“${point.text.replace(/[；。]+$/, "")}”：只找到 ${hits.length} 个相关词（${hits.join("、") || "无"}），至少应有 ${point.min_hits} 个；请补写这一项`];
          }
        }
      }
    },
    "SYSTEMS": function* (la) {
      const text = Object.values(la.app.parts).concat(la.app.service_plans.map((p) => p.text)).join("\n");
      if (!text.includes(C.critical_infrastructure)) yield [W, ["parts"], C.no_critical_infrastructure];
      if (!P.level_three().test(text)) yield [W, ["parts"], C.no_level_three];
    },
    "DECLARATION": function* (la) {
      const units = 1 + la.app.joint.length;
      if (la.app.joint.length && la.declarations < units) {
        yield [W, ["declaration"], `共 ${units} 个申报单位，本文件只含 ${la.declarations} 份责任声明；每个联合申报单位还需各自提供单独的责任声明（可用 kit build 为每家生成一份）`];
      }
    },
    "PERSONAL-INFO": function* (la) {
      const names = { id_card: "身份证号", mobile: "手机号码", bank_card: "银行卡号" };
      const texts = [[["lead", "intro"], la.app.lead.intro], [["plan_name"], la.app.plan_name]]
        .concat(Object.entries(la.app.parts).map(([k, v]) => [["parts", k], v]))
        .concat(la.app.service_plans.map((p, i) => [["service_plans", i, "text"], p.text]));
      for (const [path, text] of texts) {
        for (const hit of findPersonal(text)) yield [E, path, `疑似${names[hit.kind]}（${mask(hit.text)}）；${C.pii_advice}`];
      }
    },
    "DEADLINE": function* (la) {
      if (la.app.apply_date && la.app.apply_date > D.deadline) {
        yield [W, ["apply_date"], C.deadline_message.split("{date}").join(la.app.apply_date)];
      }
    },
  };

  function check(la) {
    const found = [];
    for (const rule of D.rules) {
      const run = RULES[rule.id];
      if (!run) throw new Error("自查程序缺少规则 " + rule.id);
      for (const [severity, path, message] of run(la)) {
        found.push({ rule: rule.id, severity, field: where(path), message, title: rule.title });
      }
    }
    return found.sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  }

  function lengths(la) {
    const parts = D.annex.parts.map((p) => la.app.parts[p.id] || "").join("\n");
    const numbers = D.annex.parts.map((p) => p.number).join("、");
    return [
      { label: "申报单位简介", words: count(la.app.lead.intro).words, limit: L.intro_max_chars, kind: "max" },
      { label: `第${numbers}部分合计`, words: count(parts).words, limit: L.narrative_min_chars, kind: "min" },
      ...la.app.service_plans.map((plan, i) => ({
        label: `服务方案 ${i + 1}「${plan.title || "未命名"}」`, words: count(plan.text).words,
        limit: L.service_plan_min_chars, kind: "min",
      })),
    ].map((item) => ({ ...item, ok: item.kind === "max" ? item.words <= item.limit : item.words >= item.limit }));
  }

  const MACRO_SUFFIXES = [".docm", ".dotm"];
  /** Check one file's bytes; *name* decides what it is taken for, as kit check's suffix does. */
  async function checkBytes(name, buffer) {
    const suffix = (name.match(/\.[^.]*$/) || [""])[0].toLowerCase();
    if (MACRO_SUFFIXES.includes(suffix)) throw new reader.InputError("含宏的文档（.docm）不予处理", "用本工具包的 .docx 模板填写，另存为 .docx（不含宏）");
    if (suffix !== ".docx") throw new reader.InputError("只能检查填写好的 Word 文档（.docx）", "在 Word 或 WPS 中“另存为”Word 文档（.docx）后再检查");
    const la = await reader.readDocx(buffer);
    return { findings: check(la), lengths: lengths(la) };
  }

  async function checkFile(file) {
    if (file.size > D.reader.max_total_bytes) {
      throw new reader.InputError(`文件过大（${(file.size / 1048576).toFixed(0)} MB）`, "工作方案的 .docx 通常只有几百 KB；请确认选择的是工作方案文件");
    }
    return checkBytes(file.name, await file.arrayBuffer());
  }

  window.KitSelfCheck = { checkBytes, checkFile, count };
})();
