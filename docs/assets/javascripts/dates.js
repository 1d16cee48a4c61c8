/* 关键日期与访问者当天的日期比较：未截止、即将截止、已截止。
 *
 * Fills every [data-deadline] place (kit/pagecontext.py: date_status_html) with the status of that date on the
 * visitor's own calendar day. Runs in the page only: no request, works from file:// (the offline bundle). Without
 * JavaScript the places stay hidden and the plain dates beside them still show.
 * The notice says 于…之前上报 without saying whether the day itself still counts, so that day is shown as 今天截止.
 */
(function () {
  "use strict";
  const SOON_DAYS = 14;
  const DAY_MS = 86400000;

  const dayNumber = (year, month, day) => Date.UTC(year, month - 1, day) / DAY_MS;

  function today() {
    const now = new Date();
    return dayNumber(now.getFullYear(), now.getMonth() + 1, now.getDate());
  }

  function status(iso, current) {
    const [year, month, day] = iso.split("-").map(Number);
    const left = dayNumber(year, month, day) - current;
    if (left < 0) return ["closed", "已截止"];
    if (left === 0) return ["soon", "今天截止"];
    if (left <= SOON_DAYS) return ["soon", `即将截止：还有 ${left} 天`];
    return ["open", `未截止：还有 ${left} 天`];
  }

  function update() {
    const current = today();
    for (const place of document.querySelectorAll("[data-deadline]")) {
      const [kind, text] = status(place.dataset.deadline, current);
      const label = place.dataset.label;
      place.textContent = label ? `${label}${text}` : text;
      place.className = `date-status date-status-${kind}`;
      place.hidden = false;
    }
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
