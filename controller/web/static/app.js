// codong web UI: live slogan preview and a self-refreshing board list.
// Plain script, no framework: the page works without it, this only
// makes it livelier.
"use strict";

(function () {

  // Live preview: re-render every preview image shortly after typing stops.
  const text = document.getElementById("slogan-text");
  const style = document.getElementById("slogan-style");
  const errorBox = document.getElementById("preview-error");
  if (text) {
    let timer = null, seq = 0;
    // Countdown: the previews show today's picture (the number written
    // in as the controller will) and the message of the congress day.
    const cdOn = document.getElementById("countdown-on");
    const cdFields = document.getElementById("countdown-fields");
    const cdDate = document.getElementById("countdown-date");
    const cdAfter = document.getElementById("countdown-after");
    const zone = document.getElementById("slogan-form").dataset.zone || "Asia/Ho_Chi_Minh";
    const daysLeft = () => {
      // Today in the controller's zone, as YYYY-MM-DD (the Canadian
      // English format), against the chosen day: whole days, UTC midnights.
      const today = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
      const n = Math.round((Date.parse(cdDate.value) - Date.parse(today)) / 86400000);
      return Number.isFinite(n) ? Math.max(n, 1) : 1;
    };
    const previewText = (role, t) => {
      if (!cdOn || !cdOn.checked) return role === "today" ? t : "";
      if (role === "after") return cdAfter.value.trim();
      return t.replace("{N}", String(daysLeft()));
    };
    const refresh = async () => {
      const mine = ++seq;
      const t = text.value.trim();
      const images = document.querySelectorAll("img.preview, img.preview-after");
      const counting = cdOn && cdOn.checked;
      document.querySelectorAll(".after-preview").forEach((f) => { f.hidden = !counting; });
      document.querySelectorAll(".countdown-caption").forEach((c) => { c.hidden = !counting; });
      if (!t) { errorBox.hidden = true; images.forEach((i) => { i.hidden = true; }); return; }
      for (const img of images) {
        const pt = previewText(img.dataset.role, t);
        if (!pt) { img.hidden = true; continue; }
        const q = new URLSearchParams({ text: pt, size: img.dataset.size, style: style.value });
        try {
          const res = await fetch("/api/v1/render?" + q.toString(), { credentials: "same-origin" });
          if (mine !== seq) return;
          if (!res.ok) {
            const body = await res.json().catch(() => ({ message: "Không xem trước được." }));
            errorBox.textContent = body.message;
            errorBox.hidden = false;
            images.forEach((i) => { i.hidden = true; });
            return;
          }
          const blob = await res.blob();
          if (mine !== seq) return;
          const old = img.src;
          img.src = URL.createObjectURL(blob);
          if (old.startsWith("blob:")) URL.revokeObjectURL(old);
          img.hidden = false;
          errorBox.hidden = true;
        } catch (e) {
          errorBox.textContent = "Mất kết nối tới máy chủ; chưa xem trước được.";
          errorBox.hidden = false;
        }
      }
    };
    // Legacy encodings: offer the conversion, never apply it silently.
    const notice = document.getElementById("legacy-notice");
    const choice = document.getElementById("legacy-choice");
    let converted = "";
    const checkLegacy = async () => {
      const t = text.value.trim();
      if (!t) { notice.hidden = true; return; }
      try {
        const res = await fetch("/api/v1/legacy?" + new URLSearchParams({ text: t }), { credentials: "same-origin" });
        if (!res.ok) return;
        const v = await res.json();
        if (v.encoding === "unicode") { notice.hidden = true; return; }
        converted = v.converted;
        document.getElementById("legacy-name").textContent = v.name;
        document.getElementById("legacy-converted").textContent = v.converted;
        notice.hidden = false;
      } catch (e) { /* the server-side check still guards the save */ }
    };
    document.getElementById("legacy-use").addEventListener("click", (ev) => {
      if (!converted) return; // no script-side result: let the button submit
      ev.preventDefault();
      text.value = converted;
      notice.hidden = true;
      schedule();
    });
    document.getElementById("legacy-keep").addEventListener("click", (ev) => {
      if (!converted) return;
      ev.preventDefault();
      choice.value = "keep";
      notice.hidden = true;
    });
    const schedule = () => { clearTimeout(timer); timer = setTimeout(() => { refresh(); checkLegacy(); }, 250); };
    text.addEventListener("input", () => { choice.value = ""; converted = ""; schedule(); });
    style.addEventListener("change", schedule);
    if (cdOn) {
      cdOn.addEventListener("change", () => { cdFields.hidden = !cdOn.checked; schedule(); });
      cdDate.addEventListener("change", schedule);
      cdAfter.addEventListener("input", schedule);
    }
  }

  // Dashboard: rebuild the boards' rows from the API every few seconds,
  // so boards added or coming online appear without a reload.
  const table = document.getElementById("boards");
  if (table) {
    const zone = { timeZone: "Asia/Ho_Chi_Minh" };
    const when = (s) => new Date(s).toLocaleString("vi-VN", zone);
    const cell = (text, cls) => {
      const td = document.createElement("td");
      if (cls) td.className = cls;
      if (text !== undefined) td.textContent = text;
      return td;
    };
    const online = (b) => {
      const td = cell(undefined, "online");
      const dot = document.createElement("span");
      dot.className = "dot " + (b.online ? "on" : "off");
      td.append(dot, " ", b.online ? "trực tuyến"
        : (b.last_seen_at ? "mất kết nối, lần cuối " + when(b.last_seen_at) : "chưa kết nối lần nào"));
      return td;
    };
    const thumb = (b) => {
      const td = cell(undefined, "thumb");
      if (b.thumbnail) {
        const img = document.createElement("img");
        img.src = b.thumbnail;
        img.alt = "Hình đang phát trên " + b.name;
        td.append(img);
      }
      return td;
    };
    // A board the controller refused frames from, or whose token is
    // used from two places: why, and where to revoke it.
    const flag = (b) => {
      const td = cell(undefined, "flag");
      if (!b.flag) { td.textContent = "—"; return td; }
      const what = document.createElement("strong");
      what.textContent = b.flag.addresses ? "Mã bảng bị dùng từ hai nơi" : "Bảng gửi dữ liệu bất thường";
      const revoke = document.createElement("a");
      revoke.href = "/boards";
      revoke.textContent = "Thu hồi mã ở trang Bảng";
      td.append(what, ": " + b.flag.reason + " (" + b.flag.count + " lần, lần cuối " + when(b.flag.last) + "). ", revoke);
      return td;
    };
    const labels = [...table.tHead.rows[0].cells].map((th) => th.textContent);
    const update = async () => {
      try {
        const res = await fetch(table.dataset.refresh, { credentials: "same-origin" });
        if (!res.ok) return;
        const rows = [];
        for (const b of await res.json()) {
          const tr = document.createElement("tr");
          tr.dataset.id = b.id;
          const sync = b.up_to_date ? "đã nhận bản mới nhất" : (b.online ? "đang cập nhật…" : "—");
          tr.append(cell(b.name), cell(b.size), cell(b.group_names.join(', ')), online(b), thumb(b),
            cell(b.item ? b.item.title : "—", "playing"), cell(sync, "sync"), flag(b));
          // On a phone the table becomes cards: each cell names itself.
          [...tr.cells].forEach((td, i) => { td.dataset.label = labels[i]; });
          rows.push(tr);
        }
        table.tBodies[0].replaceChildren(...rows);
        table.hidden = rows.length === 0;
        document.getElementById("no-boards").hidden = rows.length > 0;
        document.getElementById("boards-updated").textContent = "cập nhật lúc " + new Date().toLocaleTimeString("vi-VN", zone);
      } catch (e) { /* keep the last view; the next tick retries */ }
    };
    setInterval(update, 3000);
  }

  // "Quay lại" links: the CSP forbids javascript: URLs.
  for (const a of document.querySelectorAll("a[data-back]")) {
    a.addEventListener("click", (ev) => { if (history.length > 1) { ev.preventDefault(); history.back(); } });
  }

  // Forms that do something that cannot be undone say what first. With
  // data-confirm-if, only when that box is newly ticked (locking an
  // account, not saving its roles).
  for (const f of document.querySelectorAll("form[data-confirm]")) {
    f.addEventListener("submit", (ev) => {
      const box = f.dataset.confirmIf && f.elements.namedItem(f.dataset.confirmIf);
      if (box && !(box.checked && !box.defaultChecked)) return;
      if (!confirm(f.dataset.confirm)) ev.preventDefault();
    });
  }

  // The menu is a <details> that folds on a phone; on a wide screen it
  // stays open (its summary is hidden there, so nobody could open it).
  const menu = document.getElementById("menu");
  if (menu) {
    const wide = window.matchMedia("(min-width: 801px)");
    const fit = () => { menu.open = wide.matches; };
    wide.addEventListener("change", fit);
    fit();
  }
  for (const b of document.querySelectorAll("[data-print]")) {
    b.addEventListener("click", () => window.print());
  }

  // The schedule form: a window that ends before it starts runs past
  // midnight, which the officer must confirm; "all day" needs no hours.
  const slotForm = document.getElementById("slot-form");
  if (slotForm) {
    const start = document.getElementById("slot-start"), end = document.getElementById("slot-end");
    const allDay = document.getElementById("slot-allday"), night = document.getElementById("slot-overnight");
    const box = night.querySelector("input");
    const check = () => {
      start.disabled = end.disabled = allDay.checked;
      const crosses = !allDay.checked && start.value && end.value && end.value < start.value;
      night.hidden = !crosses;
      box.required = crosses;
      if (!crosses) box.checked = false;
    };
    for (const el of [start, end, allDay]) el.addEventListener("input", check);
    check();
  }
})();
