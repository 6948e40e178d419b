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

  // Dashboard: the wall of boards and the switch's progress, kept live
  // from the controller's event stream; where the stream is refused (too
  // many pages watching) or lost for good, from polling every 3 s.
  const wall = document.getElementById("wall");
  if (wall) {
    const zone = { timeZone: "Asia/Ho_Chi_Minh" };
    const when = (s) => new Date(s).toLocaleString("vi-VN", zone);
    const el = (tag, cls, text) => {
      const e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const tile = (b) => {
      const t = el("article", "tile " + b.state);
      t.dataset.id = b.id;
      const th = el("div", "thumb");
      if (b.thumbnail) {
        const img = document.createElement("img");
        img.src = b.thumbnail;
        img.alt = "Hình đang phát trên " + b.name;
        th.append(img);
      } else {
        th.append(el("span", "", "Chưa có hình"));
      }
      const meta = el("p", "meta", b.size);
      if (b.group_names.length) meta.append(" · ", el("span", "groups", b.group_names.join(", ")));
      const status = el("p", "status");
      status.append(el("span", "dot"), " ", el("span", "state-text", b.state_text));
      const playing = el("p", "", b.connected ? "Đang phát: " : "Phát lần cuối: ");
      playing.append(el("span", "playing", b.item ? b.item.title : "—"));
      t.append(th, el("h3", "name", b.name), meta, status, playing);
      if (b.connected) t.append(el("p", "sync", b.up_to_date ? "đã nhận bản mới nhất" : "đang cập nhật…"));
      // A board the controller refused frames from, or whose token is
      // used from two places: why, and where to revoke it.
      if (b.flag) {
        const f = el("p", "flag");
        const revoke = el("a", "", "Thu hồi mã ở trang Bảng");
        revoke.href = "/boards";
        f.append(el("strong", "", b.flag.addresses ? "Mã bảng bị dùng từ hai nơi" : "Bảng gửi dữ liệu bất thường"),
          ": " + b.flag.reason + " (" + b.flag.count + " lần, lần cuối " + when(b.flag.last) + "). ", revoke);
        t.append(f);
      }
      return t;
    };
    const showProgress = (p) => {
      const box = document.getElementById("switch-progress");
      box.hidden = !p;
      if (!p) return;
      const count = el("p", "count");
      count.append(el("strong", "", p.text));
      const parts = [count];
      if (p.missing.length) {
        const m = el("p", "missing", (p.clear ? "Chưa trở về" : "Chưa chuyển") + ": ");
        p.missing.forEach((b, i) => { if (i) m.append(", "); m.append(el("span", "", b.name + " (" + b.why + ")")); });
        parts.push(m);
      }
      box.replaceChildren(...parts);
    };
    const show = (w) => {
      wall.replaceChildren(...w.boards.map(tile));
      wall.hidden = w.boards.length === 0;
      document.getElementById("no-boards").hidden = w.boards.length > 0;
      document.getElementById("override-state").textContent = w.override_text;
      document.getElementById("override").classList.toggle("active", !!w.override);
      const clear = document.getElementById("clear-form");
      if (clear) clear.hidden = !w.override;
      showProgress(w.progress);
      // The switch's reach follows the boards too.
      const target = document.getElementById("switch-target");
      if (target) {
        for (const o of target.options) {
          const mine = w.boards.filter((b) => !o.value || b.groups.includes(o.value));
          o.dataset.boards = mine.length;
          o.dataset.offline = mine.filter((b) => !b.online).length;
          o.textContent = o.dataset.name + " (" + mine.length + " bảng)";
        }
        target.dispatchEvent(new Event("change"));
      }
      document.getElementById("boards-updated").textContent = "cập nhật lúc " + new Date().toLocaleTimeString("vi-VN", zone);
    };
    const poll = () => {
      const update = async () => {
        try {
          const res = await fetch(wall.dataset.refresh, { credentials: "same-origin" });
          if (res.ok) show(await res.json());
        } catch (e) { /* keep the last view; the next tick retries */ }
      };
      setInterval(update, 3000);
    };
    if (window.EventSource) {
      const es = new EventSource(wall.dataset.stream);
      es.addEventListener("wall", (ev) => show(JSON.parse(ev.data)));
      // A refused stream is closed for good; a dropped one reconnects.
      es.onerror = () => { if (es.readyState === EventSource.CLOSED) poll(); };
    } else {
      poll();
    }
  }

  // The switch says how many boards it will reach, and asks before it
  // acts, in words: a wrong tap on a phone reaches every board.
  const target = document.getElementById("switch-target");
  if (target) {
    const reach = document.getElementById("switch-reach");
    const sayReach = () => {
      const o = target.selectedOptions[0];
      const off = Number(o.dataset.offline);
      reach.textContent = "Sẽ chuyển " + o.dataset.boards + " bảng" +
        (off ? "; " + off + " bảng đang không trực tuyến sẽ chuyển khi kết nối lại" : "") + ".";
    };
    target.addEventListener("change", sayReach);
    target.addEventListener("input", sayReach);
    sayReach();
  }
  const dialog = document.getElementById("confirm-dialog");
  if (dialog && dialog.showModal) {
    let pending = null;
    const question = (f) => {
      if (f.id === "clear-form") {
        return "Mọi bảng đang phát đặc biệt sẽ trở về lịch phát thường ngày. Tiếp tục?";
      }
      const pl = document.getElementById("switch-playlist").selectedOptions[0];
      const o = target.selectedOptions[0];
      const min = Number(document.getElementById("switch-minutes").value) || 0;
      return "Chuyển " + o.dataset.boards + " bảng (" + o.dataset.name + ") sang “" +
        (pl ? pl.textContent : "") + "” " + (min > 0 ? "trong " + min + " phút, rồi tự trở về lịch" : "đến khi bấm trở về lịch") + "?";
    };
    for (const f of document.querySelectorAll("form.confirmed")) {
      f.addEventListener("submit", (ev) => {
        if (pending === f) return; // confirmed: let it go
        ev.preventDefault();
        pending = null;
        document.getElementById("confirm-text").textContent = question(f);
        document.getElementById("confirm-go").textContent = f.dataset.confirmGo;
        dialog.dataset.form = f.id;
        dialog.showModal();
      });
    }
    document.getElementById("confirm-go").addEventListener("click", () => {
      const f = document.getElementById(dialog.dataset.form);
      dialog.close();
      pending = f;
      f.requestSubmit();
    });
    document.getElementById("confirm-cancel").addEventListener("click", () => dialog.close());
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
