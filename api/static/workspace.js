// The workspace on a challenge page: an editor (api/static/editor.js, CodeMirror 6 built from
// npm), the draft saved to the server as the user types and restored on any browser, and Submit,
// whose verdict then streams in below it as on the submission page (judge.js's followLive).
// Nothing is lost when the connection drops: the page says so, keeps the text, and tries again.
"use strict";

const SAVE_AFTER_MS = 800;  // of quiet typing
const RETRY_MS = 4000;

document.addEventListener("DOMContentLoaded", () => {
  const workspace = document.getElementById("workspace");
  if (workspace && window.JudgeEditor) openWorkspace(workspace);
});

async function openWorkspace(workspace) {
  const urls = { draft: workspace.dataset.draft, submit: workspace.dataset.submit };
  const headers = { "Content-Type": "application/json", "X-CSRF-Token": workspace.dataset.csrf };
  const state = document.getElementById("draft-state");
  const offline = document.getElementById("offline");
  const button = document.getElementById("submit-button");
  let saved = null;  // the text the server holds, as far as this page knows
  let timer = null;

  const editor = window.JudgeEditor.mount(document.getElementById("editor"), {
    doc: document.getElementById("starter").textContent,
    label: "Your solution",
    onChange: () => {
      state.textContent = "editing";
      clearTimeout(timer);
      timer = setTimeout(save, SAVE_AFTER_MS);
    },
  });

  function connection(ok) {
    offline.hidden = ok;
  }

  async function save() {
    const text = editor.getDoc();
    if (text === saved) return;
    try {
      const answer = await fetch(urls.draft, {
        method: "PUT", headers, body: JSON.stringify({ source: text }), credentials: "same-origin",
      });
      if (!answer.ok) throw new Error(await reason(answer));
      saved = text;
      connection(true);
      state.textContent = "draft saved " + new Date().toLocaleTimeString();
    } catch (err) {
      connection(false);
      state.textContent = "not saved yet: " + err.message;
      clearTimeout(timer);
      timer = setTimeout(save, RETRY_MS);
    }
  }

  // The last keystrokes, as the page goes away (a closed tab, a reload).
  document.addEventListener("visibilitychange", () => {
    const text = editor.getDoc();
    if (document.visibilityState === "hidden" && text !== saved) {
      fetch(urls.draft, {
        method: "PUT", headers, body: JSON.stringify({ source: text }),
        credentials: "same-origin", keepalive: true,
      }).catch(() => {});
    }
  });

  button.addEventListener("click", async () => {
    button.disabled = true;
    clearTimeout(timer);
    await save();
    try {
      const answer = await fetch(urls.submit, {
        method: "POST", headers, body: JSON.stringify({ source: editor.getDoc() }),
        credentials: "same-origin",
      });
      if (!answer.ok) throw new Error(await reason(answer));
      const made = await answer.json();
      connection(true);
      await showSubmission(made);
    } catch (err) {
      document.getElementById("result").textContent = "Not submitted: " + err.message;
    } finally {
      button.disabled = false;
    }
  });

  await restore();

  async function restore() {
    try {
      const answer = await fetch(urls.draft, { credentials: "same-origin" });
      if (answer.status === 204) {  // none saved yet
        saved = "";
        state.textContent = "the starter code; your draft is saved as you type";
        return connection(true);
      }
      if (!answer.ok) throw new Error(await reason(answer));
      const draft = await answer.json();
      saved = draft.source;
      editor.setDoc(draft.source);
      state.textContent = "your draft, saved " + new Date(draft.updated_at).toLocaleString();
      connection(true);
    } catch (err) {
      connection(false);
      state.textContent = "the draft could not be read: " + err.message;
      setTimeout(restore, RETRY_MS);
    }
  }
}

async function showSubmission(made) {
  const result = document.getElementById("result");
  const answer = await fetch(made.url + "/live", { headers: { Accept: "text/html" } });
  const doc = new DOMParser().parseFromString(await answer.text(), "text/html");
  const live = doc.getElementById("live");
  const link = document.createElement("p");
  const anchor = document.createElement("a");
  anchor.href = made.url;
  anchor.textContent = "Submission " + made.id;
  link.append(anchor);
  result.replaceChildren(link, live);
  if (live.dataset.final !== "true") window.followLive(live);
}

async function reason(answer) {
  try {
    const body = await answer.json();
    return body.error || body.message || answer.statusText;
  } catch (err) {
    return answer.status + " " + answer.statusText;
  }
}
