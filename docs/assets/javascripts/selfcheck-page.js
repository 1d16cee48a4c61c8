/* 生成与自查页：选择或拖入 .docx，在本机浏览器中检查，显示结果表和字数条。
 *
 * This small script is the only one the page loads up front. The reader, the rules and their data
 * (selfcheck-data.js, -reader.js, -rules.js) are loaded the first time a file is chosen, as classic scripts, so
 * that the page also works opened from the offline bundle (file://). The file is read with FileReader into memory;
 * nothing is sent anywhere.
 */
(function () {
  "use strict";
  const root = document.getElementById("kit-selfcheck");
  if (!root) return;
  const base = root.getAttribute("data-scripts");
  const SCRIPTS = ["selfcheck-data.js", "selfcheck-reader.js", "selfcheck-rules.js"];
  const input = document.getElementById("kit-file");
  const drop = document.getElementById("kit-drop");
  const status = document.getElementById("kit-status");
  const result = document.getElementById("kit-result");
  let engine = null;

  function loadScript(name) {
    return new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = base + name;
      script.onload = resolve;
      script.onerror = () => reject(new Error("无法加载自查程序（" + name + "）；请刷新页面后重试"));
      document.head.appendChild(script);
    });
  }

  async function loadEngine() {
    if (!engine) {
      engine = (async () => {
        for (const name of SCRIPTS) await loadScript(name);
        return window.KitSelfCheck;
      })();
    }
    return engine;
  }

  function say(text, busy) {
    status.textContent = text;
    root.setAttribute("aria-busy", busy ? "true" : "false");
  }

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined) continue;
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const child of children) node.append(child);
    return node;
  }

  function bar(item) {
    const within = item.ok;
    const share = Math.min(1, item.words / Math.max(item.limit, 1));
    const kind = item.kind === "max" ? "不超过" : "不少于";
    const verdict = within ? "符合" : (item.kind === "max" ? "超出" : "不足");
    const label = `${item.label}：${item.words} 字，要求${kind} ${item.limit} 字，${verdict}`;
    return el("div", { class: "kit-bar " + (within ? "kit-ok" : "kit-bad") },
      el("div", { class: "kit-bar-label" }, el("span", {}, item.label),
        el("span", { class: "kit-bar-figure" }, `${item.words} / ${item.limit} 字（${kind}）· ${verdict}`)),
      el("div", { class: "kit-bar-track", role: "img", "aria-label": label },
        el("div", { class: "kit-bar-fill", style: `width:${(share * 100).toFixed(1)}%` })));
  }

  function table(findings) {
    const rows = findings.map((f) => el("tr", { class: f.severity === "error" ? "kit-error" : "kit-warning" },
      el("td", { "data-label": "规则" }, el("a", { href: "#rule-" + f.rule.toLowerCase() }, f.rule), el("br"), f.title),
      el("td", { "data-label": "级别" }, f.severity === "error" ? "错误" : "警告"),
      el("td", { "data-label": "位置" }, f.field || ""),
      el("td", { "data-label": "问题与修改建议" }, f.message)));
    return el("table", { class: "kit-findings" },
      el("caption", {}, "检查结果（按规则编号排列）"),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "规则"), el("th", { scope: "col" }, "级别"),
        el("th", { scope: "col" }, "位置"), el("th", { scope: "col" }, "问题与修改建议"))),
      el("tbody", {}, ...rows));
  }

  function show(name, report) {
    result.replaceChildren();
    const errors = report.findings.filter((f) => f.severity === "error").length;
    const warnings = report.findings.length - errors;
    const summary = report.findings.length
      ? `${name}：${errors} 个错误，${warnings} 个警告`
      : `${name}：未发现问题`;
    const heading = el("h3", { id: "kit-result-title", tabindex: "-1" }, summary);
    result.append(heading);
    result.append(el("h4", {}, "字数"), el("div", { class: "kit-bars" }, ...report.lengths.map(bar)));
    if (report.findings.length) result.append(table(report.findings));
    result.hidden = false;
    say(summary, false);
    heading.focus();
  }

  function refuse(name, error) {
    result.replaceChildren(el("div", { class: "admonition failure", role: "alert" },
      el("p", { class: "admonition-title" }, `无法检查 ${name}`),
      el("p", {}, error.message),
      error.hint ? el("p", {}, "修改建议：" + error.hint) : ""));
    result.hidden = false;
    say(`无法检查 ${name}：${error.message}`, false);
  }

  async function check(file) {
    if (!file) return;
    say(`正在读取 ${file.name}……`, true);
    result.hidden = true;
    try {
      const selfcheck = await loadEngine();
      const report = await selfcheck.checkFile(file);
      show(file.name, report);
    } catch (error) {
      refuse(file.name, error);
    }
  }

  input.addEventListener("change", () => check(input.files[0]));
  drop.addEventListener("dragover", (event) => { event.preventDefault(); drop.classList.add("kit-dragging"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("kit-dragging"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("kit-dragging");
    check(event.dataTransfer.files[0]);
  });
})();
