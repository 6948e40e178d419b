// codong web UI: nothing typed is lost when a save does not go through.
// A form marked data-keep leaves what was typed in it on this device
// (localStorage) as it is sent. If the save went through, the next page
// says so (a flash, or another page than the form's) and the copy is
// dropped. If it did not (the session had run out: the login page comes
// instead), the copy waits; when the form's page opens again, after
// logging in, the copy is put back into the form, with a word saying so.
// Passwords, files and the page's own tokens are never kept; a copy is
// dropped after a day, and all of them at logout. It also lets a form
// brought back by Back be sent with the key it was first sent with.
"use strict";

(function () {
  const prefix = "codong.typed:";
  const maxAge = 24 * 3600 * 1000;
  let store;
  try { store = window.localStorage; } catch (e) { return; } // storage refused: nothing kept
  if (!store) return;

  // Copies are each person's own: another who logs in on this browser
  // does not get them in their forms.
  const mine = prefix + (document.body.dataset.user || "") + ":";
  const idOf = (f) => mine + location.pathname + "#" + (f.id || f.getAttribute("action") || "form");
  const kept = (el) => el.name && el.name !== "csrf" && el.name !== "form_key" &&
    el.type !== "password" && el.type !== "file" && el.type !== "submit" && el.tagName !== "BUTTON";

  const read = (f) => [...f.elements].map((el, i) => {
    if (!kept(el)) return null;
    // A box is put back only on the same value: a list that changed
    // meanwhile (what waits for approval) must not tick another row.
    if (el.type === "checkbox" || el.type === "radio") return { i, n: el.name, val: el.value, c: el.checked };
    if (el.tagName === "SELECT" && el.multiple) return { i, n: el.name, m: [...el.selectedOptions].map((o) => o.value) };
    return { i, n: el.name, v: el.value };
  }).filter(Boolean);

  const write = (f, fields) => {
    const els = [...f.elements];
    // By place in the form, or else by name when one field has it (a
    // list above the field grew or shrank meanwhile).
    const named = (n) => { const all = els.filter((e) => e.name === n); return all.length === 1 ? all[0] : null; };
    for (const x of fields) {
      let el = els[x.i];
      if (!el || el.name !== x.n || ("val" in x && el.value !== x.val)) {
        el = "val" in x ? els.find((e) => e.name === x.n && e.value === x.val && (e.type === "checkbox" || e.type === "radio")) : named(x.n);
      }
      if (!el || !kept(el) || ("val" in x && el.value !== x.val)) continue;
      if ("c" in x) el.checked = x.c;
      else if ("m" in x) for (const o of el.options) o.selected = x.m.includes(o.value);
      else el.value = x.v;
      el.dispatchEvent(new Event("input", { bubbles: true }));
      el.dispatchEvent(new Event("change", { bubbles: true }));
    }
  };

  const load = (key) => {
    try { return JSON.parse(store.getItem(key)); } catch (e) { return null; }
  };

  // Old copies go, whatever page this is.
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i);
    if (!key || !key.startsWith(prefix)) continue;
    const copy = load(key);
    if (!copy || !(Date.now() - copy.at < maxAge)) store.removeItem(key);
  }

  // Back after a save brings the form back as it was sent, but drawn
  // anew with a new key (form_key, see console/once.go), so saving it
  // again would make a second copy. The key each form was sent with is
  // noted for this tab; a form reached by Back and sent unchanged goes
  // with the key it was first sent with, and the server answers with
  // what that first save made. Changed, it is a new save. A form with
  // files is left alone: the browser does not bring files back.
  const sentPrefix = "codong.sent:";
  const nav = (performance.getEntriesByType && performance.getEntriesByType("navigation")[0]) || {};
  let tab;
  try { tab = window.sessionStorage; } catch (e) { tab = null; }
  const sameKeyIfUnchanged = (f) => {
    const key = f.elements.namedItem("form_key");
    if (!tab || !key || f.querySelector('input[type="file"]')) return;
    const id = sentPrefix + idOf(f);
    const sig = JSON.stringify(read(f));
    let sent = null;
    try { sent = JSON.parse(tab.getItem(id)); } catch (e) { sent = null; }
    if (nav.type === "back_forward" && sent && sent.sig === sig && Date.now() - sent.at < maxAge) key.value = sent.key;
    try { tab.setItem(id, JSON.stringify({ key: key.value, sig, at: Date.now() })); } catch (e) { /* full: the server still refuses a doubled click */ }
  };

  document.addEventListener("submit", (ev) => {
    const f = ev.target;
    if (!ev.defaultPrevented) sameKeyIfUnchanged(f);
    if (f.matches("form.logout")) {
      for (let i = store.length - 1; i >= 0; i--) {
        const key = store.key(i);
        if (key && key.startsWith(prefix)) store.removeItem(key);
      }
      return;
    }
    if (ev.defaultPrevented || !f.matches("form[data-keep]")) return;
    try { store.setItem(idOf(f), JSON.stringify({ at: Date.now(), fields: read(f) })); } catch (e) { /* full: the server still has the form */ }
  });

  // The login page comes instead when a session ran out: keep waiting.
  if (location.pathname === "/login") return;
  const refused = document.querySelector("main p.error:not([hidden])");
  const saved = document.querySelector("main .flash");
  const here = new Map([...document.querySelectorAll("form[data-keep]")].map((f) => [idOf(f), f]));
  for (let i = store.length - 1; i >= 0; i--) {
    const key = store.key(i);
    if (!key || !key.startsWith(mine)) continue;
    const f = here.get(key);
    if (!f) {
      // The form was sent from elsewhere: if this page is not a
      // refusal, the save went through.
      if (!refused && !key.startsWith(mine + location.pathname + "#")) store.removeItem(key);
      continue;
    }
    if (refused || saved) {
      // Refused: the page shows the form again as typed. Saved: done.
      store.removeItem(key);
      continue;
    }
    const copy = load(key);
    write(f, copy.fields);
    const note = document.createElement("p");
    note.className = "notice restored";
    note.setAttribute("role", "status");
    note.textContent = "Đã khôi phục nội dung bạn gõ lần trước nhưng chưa lưu được (phiên đăng nhập đã hết hạn hoặc mất kết nối); nội dung được giữ trên máy này. Hãy xem lại rồi bấm lưu. ";
    const drop = document.createElement("button");
    drop.type = "button";
    drop.textContent = "Bỏ nội dung đã khôi phục";
    drop.addEventListener("click", () => { store.removeItem(key); location.reload(); });
    note.append(drop);
    f.before(note);
  }
})();
