// Tables wider than the screen scroll sideways inside Material's wrapper. Such a wrapper is made reachable with the
// keyboard (tabindex=0) and named after the section it is in, so that keyboard and screen-reader users can scroll it.
(() => {
  const HEADINGS = "h1, h2, h3, h4, h5, h6";

  function headingText(heading) {
    return [...heading.childNodes].filter(n => !(n.classList && n.classList.contains("headerlink")))
      .map(n => n.textContent).join("").trim();
  }

  function update() {
    const article = document.querySelector(".md-content");
    if (!article) return;
    const headings = [...article.querySelectorAll(HEADINGS)];
    const used = new Map();
    for (const wrap of article.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.scrollWidth <= wrap.clientWidth + 1) {
        for (const name of ["tabindex", "role", "aria-label"]) wrap.removeAttribute(name);
        continue;
      }
      const heading = headings.filter(h => h.compareDocumentPosition(wrap) & Node.DOCUMENT_POSITION_FOLLOWING).pop();
      let label = "表格" + (heading ? "：" + headingText(heading) : "");
      const seen = (used.get(label) || 0) + 1;
      used.set(label, seen);
      if (seen > 1) label += `（${seen}）`;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", label + "（可左右滚动）");
    }
  }

  let pending = false;
  const schedule = () => {
    if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; update(); }); }
  };
  // Material wraps the tables when it emits document$ (each page, also with instant loading); this runs after it
  if (typeof document$ !== "undefined") document$.subscribe(update);
  else document.addEventListener("DOMContentLoaded", update);
  window.addEventListener("resize", schedule);
})();
