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
    const refresh = async () => {
      const mine = ++seq;
      const t = text.value.trim();
      if (!t) { errorBox.hidden = true; return; }
      for (const img of document.querySelectorAll("img.preview")) {
        const q = new URLSearchParams({ text: t, size: img.dataset.size, style: style.value });
        try {
          const res = await fetch("/api/v1/render?" + q.toString(), { credentials: "same-origin" });
          if (mine !== seq) return;
          if (!res.ok) {
            const body = await res.json().catch(() => ({ message: "Không xem trước được." }));
            errorBox.textContent = body.message;
            errorBox.hidden = false;
            return;
          }
          const blob = await res.blob();
          if (mine !== seq) return;
          const old = img.src;
          img.src = URL.createObjectURL(blob);
          if (old.startsWith("blob:")) URL.revokeObjectURL(old);
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
  }

  // Dashboard: refresh the boards' state every few seconds.
  const table = document.getElementById("boards");
  if (table) {
    const when = (s) => s ? new Date(s).toLocaleString("vi-VN", { timeZone: "Asia/Ho_Chi_Minh" }) : "—";
    const update = async () => {
      try {
        const res = await fetch(table.dataset.refresh, { credentials: "same-origin" });
        if (!res.ok) return;
        for (const b of await res.json()) {
          const row = table.querySelector(`tr[data-id="${b.id}"]`);
          if (!row) continue;
          row.querySelector(".online").innerHTML = b.online
            ? '<span class="dot on"></span> trực tuyến'
            : '<span class="dot off"></span> mất kết nối, lần cuối ' + when(b.last_seen_at);
          row.querySelector(".playing").textContent = b.item ? b.item.title : "—";
          row.querySelector(".sync").textContent = b.up_to_date ? "đã nhận bản mới nhất" : (b.online ? "đang cập nhật…" : "—");
        }
        document.getElementById("boards-updated").textContent = "cập nhật lúc " + new Date().toLocaleTimeString("vi-VN");
      } catch (e) { /* keep the last view; the next tick retries */ }
    };
    setInterval(update, 3000);
  }
})();
