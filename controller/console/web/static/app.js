// codong web UI: live slogan preview and a self-refreshing board list.
// Plain script, no framework: the page works without it, this only
// makes it livelier.
"use strict";

(function () {

  // No lost work: leaving a page whose guarded forms hold unsaved
  // changes asks first. leaving is the form being submitted (its changes
  // are being saved), set by the submit listener or by code that submits.
  let leaving = null;
  const guarded = [...document.querySelectorAll("form[data-guard]")];
  const changed = (f) => [...f.elements].some((el) => {
    if (el.type === "checkbox" || el.type === "radio") return el.checked !== el.defaultChecked;
    if (el.tagName === "SELECT") return [...el.options].some((o) => o.selected !== o.defaultSelected);
    if (el.type === "hidden" || el.tagName === "BUTTON") return false;
    return "defaultValue" in el && el.value !== el.defaultValue;
  });
  document.addEventListener("submit", (ev) => { if (!ev.defaultPrevented) leaving = ev.target; });
  if (guarded.length) {
    window.addEventListener("beforeunload", (ev) => {
      const unsaved = guarded.some((f) => f !== leaving && changed(f));
      leaving = null;
      if (unsaved) { ev.preventDefault(); ev.returnValue = ""; }
    });
  }

  // Text with a limit: a live count, and over the limit a refusal that
  // names both numbers. Nothing is cut (no maxlength): a pasted text
  // stays whole for the officer to shorten; the server refuses it too.
  const numberVN = new Intl.NumberFormat("vi-VN");
  for (const el of document.querySelectorAll("[data-limit]")) {
    const limit = Number(el.dataset.limit);
    const out = document.getElementById(el.getAttribute("aria-describedby"));
    const show = () => {
      const n = [...el.value].length; // characters, as the server counts runes
      const over = n > limit;
      const msg = over ? `${el.dataset.limitName} dài ${numberVN.format(n)} ký tự, tối đa ${numberVN.format(limit)}.` : "";
      el.setCustomValidity(msg);
      if (out) {
        out.textContent = over ? msg + " Hãy rút gọn; không chữ nào bị cắt bỏ." : `${numberVN.format(n)}/${numberVN.format(limit)} ký tự`;
        out.classList.toggle("over", over);
      }
    };
    el.addEventListener("input", show);
    // The browser puts typed text back into a form on Back, sometimes
    // after this runs and without an input event: count again then.
    window.addEventListener("pageshow", show);
    show();
  }

  // Previews at each board's size: a text too long for a low board
  // becomes a strip (the PNG is wider than the board), which runs
  // across a window of the board's shape at the default speed for its
  // height (a board may set its own); a strip that would take over a
  // minute comes as pages stacked in a PNG taller than the board, shown
  // one after the other every playlists.PageSeconds.
  // Board pixels a second, as playlists.ScrollSpeed gives for no setting.
  const scrollSpeedFor = (h) => Math.min(400, Math.max(20, h > 64 ? Math.floor(60 * h / 64) : 60));
  const pageSeconds = 4; // playlists.PageSeconds
  for (const view of document.querySelectorAll(".board-view")) {
    const [w, h] = view.dataset.size.split("x").map(Number);
    const scrollSpeed = scrollSpeedFor(h);
    view.style.aspectRatio = w + " / " + h;
    view.style.width = Math.min(640, w < 320 ? w * 2 : w) + "px";
    const img = view.querySelector("img");
    const caption = view.closest("figure").querySelector(".scroll-caption");
    const pagesCaption = view.closest("figure").querySelector(".pages-caption");
    const fit = () => {
      const scrolling = !img.hidden && img.naturalWidth > w;
      const pages = img.hidden || !img.naturalWidth ? 1 : Math.round(img.naturalHeight * w / img.naturalWidth / h);
      view.classList.toggle("scrolling", scrolling);
      view.classList.toggle("paging", !scrolling && pages > 1);
      view.style.setProperty("--strip-seconds", ((img.naturalWidth + w) / scrollSpeed).toFixed(1) + "s");
      view.style.setProperty("--pages", String(pages));
      view.style.setProperty("--pages-seconds", (pages * pageSeconds) + "s");
      if (caption) caption.hidden = !scrolling;
      if (pagesCaption) pagesCaption.hidden = scrolling || pages < 2;
    };
    img.addEventListener("load", fit);
    if (img.complete && img.naturalWidth) fit();
  }

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
        const boardHeight = Number(img.dataset.size.split("x")[1]);
        const q = new URLSearchParams({ text: pt, size: img.dataset.size, style: style.value, scroll_speed: String(scrollSpeedFor(boardHeight)) });
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
      // The player's software, and what became of its last self-update
      // ("đã quay về bản cũ …" when a new build did not link).
      if (b.player_version) t.append(el("p", "player-version", "Phần mềm bảng: " + b.player_version));
      if (b.update_text) t.append(el("p", "player-update", b.update_text));
      // A board the controller refused frames from, or whose token is
      // used from two places: why, and where to revoke it. A board
      // whose manifests are tampered with on the line is not the
      // suspect: the network is, and the audit log tells more.
      if (b.flag) {
        const f = el("p", "flag");
        const tampered = b.flag.code === "manifest_tampered";
        const next = tampered ? el("a", "", "Xem nhật ký thao tác") : el("a", "", "Thu hồi mã bảng ở trang “Bảng LED, màn hình”");
        next.href = tampered ? "/audit?kind=board" : "/boards";
        f.append(el("strong", "", tampered ? "Bản kê bị sửa trên đường truyền" : b.flag.addresses ? "Mã bảng bị dùng từ hai nơi" : "Bảng gửi dữ liệu bất thường"),
          ": " + b.flag.reason + " (" + b.flag.count + " lần, lần cuối " + when(b.flag.last) + "). ", next);
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

  // Approvals: "chọn tất cả" ticks every change the approver may review
  // (their own, and those of accounts in their hands, stay unticked).
  const tickAll = document.getElementById("tick-all");
  if (tickAll) {
    const boxes = () => [...document.querySelectorAll('form.review input[name="id"]:not(:disabled)')];
    tickAll.addEventListener("change", () => boxes().forEach((b) => { b.checked = tickAll.checked; }));
    document.querySelector("form.review").addEventListener("change", (ev) => {
      if (ev.target !== tickAll) tickAll.checked = boxes().every((b) => b.checked);
    });
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
    // What the switch will put up, size by size: the pictures the boards
    // already hold for that playlist, fetched as the dialog opens.
    const pictures = document.getElementById("confirm-pictures");
    const showPictures = async (f, tries = 0) => {
      pictures.replaceChildren();
      if (f.id !== "switch-form" || (!dialog.open && tries > 0)) return;
      const pl = document.getElementById("switch-playlist").value;
      const q = new URLSearchParams({ playlist: pl, group: target.value });
      const wait = document.createElement("p");
      wait.className = "muted";
      wait.textContent = "Đang tải hình sẽ hiện trên bảng…";
      pictures.append(wait);
      try {
        const res = await fetch("/api/v1/override/preview?" + q, { credentials: "same-origin" });
        if (!res.ok) throw new Error(res.status);
        const p = await res.json();
        // The boards' manifests are being cut anew: ask again shortly
        // rather than show pictures about to change.
        if (p.publishing && tries < 20) {
          setTimeout(() => showPictures(f, tries + 1), 500);
          return;
        }
        pictures.replaceChildren();
        for (const sz of p.sizes) {
          const fig = document.createElement("section");
          const h = document.createElement("h2");
          h.textContent = "Bảng " + sz.size.replace("x", "×") + " (" + sz.boards + " bảng)";
          fig.append(h);
          if (!sz.pictures.length) {
            const none = document.createElement("p");
            none.textContent = "Chưa có hình cho kích thước này (bảng mới thêm, hay danh sách chưa có nội dung đã duyệt).";
            fig.append(none);
          }
          for (const pic of sz.pictures) {
            const img = document.createElement("img");
            img.src = "/pictures/" + pic.asset + ".png";
            img.alt = pic.title;
            img.title = pic.title + (pic.scroll ? " (chữ chạy)" : pic.pages > 1 ? " (" + pic.pages + " trang)" : "");
            fig.append(img);
          }
          pictures.append(fig);
        }
        if (!p.sizes.length) {
          wait.textContent = "Không có bảng nào trong lựa chọn này.";
          pictures.append(wait);
        }
      } catch (e) {
        wait.textContent = "Không tải được hình xem trước; vẫn có thể chuyển.";
      }
    };
    for (const f of document.querySelectorAll("form.confirmed")) {
      f.addEventListener("submit", (ev) => {
        if (pending === f) return; // confirmed: let it go
        ev.preventDefault();
        pending = null;
        document.getElementById("confirm-text").textContent = question(f);
        document.getElementById("confirm-go").textContent = f.dataset.confirmGo;
        dialog.dataset.form = f.id;
        showPictures(f);
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

  // Playlists: the slug the server will make from the name, shown
  // before creating; after a move, focus back on the button pressed
  // (the page reloads), so a keyboard user can press it again.
  const plName = document.getElementById("playlist-name"), plSlug = document.getElementById("playlist-slug");
  if (plName && plSlug) {
    const slugOf = (s) => s.toLowerCase().normalize("NFD").replace(/\p{Mn}/gu, "").replace(/đ/g, "d")
      .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
    plName.addEventListener("input", () => { plSlug.placeholder = slugOf(plName.value) || "tự tạo từ tên"; });
  }
  const focusKey = "codong-focus";
  document.addEventListener("submit", (ev) => {
    const row = ev.target.closest("li.item");
    if (row && !ev.defaultPrevented && ev.target.matches(".item-edit")) {
      sessionStorage.setItem(focusKey, JSON.stringify({ id: row.dataset.id, action: ev.submitter ? ev.submitter.value : "save" }));
    }
  });
  const wanted = sessionStorage.getItem(focusKey);
  if (wanted) {
    sessionStorage.removeItem(focusKey);
    const { id, action } = JSON.parse(wanted);
    const row = document.getElementById("item-" + id);
    // After the load: the browser focuses the #item-N the page came
    // back to (the row) itself, and the button must win over that.
    if (row) window.addEventListener("load", () => setTimeout(() => {
      let b = action === "drag" ? null : row.querySelector(`button[value="${action}"]`);
      if (b && b.disabled) b = [...row.querySelectorAll(".moves button")].find((x) => !x.disabled);
      (b || row).focus();
    }));
  }

  // Dragging an item by its handle, with a mouse, a finger or a pen
  // (pointer events cover all three): the row follows the pointer among
  // its siblings; on release one request moves it to where it was let go.
  for (const list of document.querySelectorAll("ol.items")) {
    list.addEventListener("pointerdown", (ev) => {
      const handle = ev.target.closest(".handle");
      if (!handle || (ev.pointerType === "mouse" && ev.button !== 0)) return;
      ev.preventDefault();
      const row = handle.closest("li.item");
      const rows = () => [...list.querySelectorAll("li.item")];
      const from = rows().indexOf(row), next = row.nextElementSibling;
      // The listeners are on the window: moving the row in the page
      // releases any pointer capture its handle had.
      row.classList.add("dragging");
      const move = (e) => {
        if (e.pointerId !== ev.pointerId) return;
        const over = rows().find((r) => r !== row && e.clientY >= r.getBoundingClientRect().top && e.clientY < r.getBoundingClientRect().bottom);
        if (!over) return;
        const box = over.getBoundingClientRect();
        if (e.clientY < box.top + box.height / 2) over.before(row); else over.after(row);
      };
      const end = (e) => {
        if (e.pointerId !== ev.pointerId) return;
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", end);
        window.removeEventListener("pointercancel", end);
        row.classList.remove("dragging");
        const to = rows().indexOf(row);
        if (e.type === "pointercancel" || to === from) {
          list.insertBefore(row, next); // back where it was
          return;
        }
        const form = row.querySelector("form.item-edit");
        for (const [name, value] of [["action", "move"], ["position", String(to + 1)]]) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name;
          input.value = value;
          form.append(input);
        }
        sessionStorage.setItem(focusKey, JSON.stringify({ id: row.dataset.id, action: "drag" }));
        leaving = form;
        form.submit();
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", end);
      window.addEventListener("pointercancel", end);
    });
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

  // Remote care of a board (restart, cache reset): the API answers once
  // the board has, in words for the officer, shown beside the buttons.
  for (const f of document.querySelectorAll("form[data-care]")) {
    f.addEventListener("submit", async (ev) => {
      if (ev.defaultPrevented) return; // the confirmation was refused
      ev.preventDefault();
      const out = f.parentElement.querySelector(".care-result");
      const button = f.querySelector("button");
      button.disabled = true;
      out.textContent = "Đang chờ bảng trả lời…";
      try {
        const res = await fetch(f.action, { method: "POST", credentials: "same-origin", headers: { "X-CSRF-Token": f.elements.namedItem("csrf").value } });
        const body = await res.json();
        out.textContent = body.message || (res.ok ? "Xong." : "Không làm được.");
      } catch (e) {
        out.textContent = "Không gửi được yêu cầu tới máy chủ.";
      } finally {
        button.disabled = false;
      }
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
  // The header's unit choice opens the unit as soon as it is chosen;
  // without a script, its button does.
  for (const sel of document.querySelectorAll("select[data-autosubmit]")) {
    sel.addEventListener("change", () => sel.form.submit());
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
