// The workspace on a challenge page: an editor (api/static/editor.js, CodeMirror 6 built from
// npm), the draft saved to the server as the user types and restored on any browser, Run
// examples (the public examples judged on a worker, not counted: each one's verdict streams in
// below, built from the run's JSON with textContent only), and Submit, whose verdict then
// streams in below it as on the submission page (judge.js's followLive).
// Nothing is lost when the connection drops: the page says so, keeps the text, and tries again.
// An assessment's workspace turns read-only when the candidate's time is up (interview.js says
// so, or the server refuses with 403): the editor keeps the text, and nothing more is sent.
"use strict";

const SAVE_AFTER_MS = 800;  // of quiet typing
const RETRY_MS = 4000;

document.addEventListener("DOMContentLoaded", () => {
  const workspace = document.getElementById("workspace");
  if (workspace && window.JudgeEditor) openWorkspace(workspace);
});

async function openWorkspace(workspace) {
  const urls = {
    draft: workspace.dataset.draft, submit: workspace.dataset.submit, examples: workspace.dataset.examples,
  };
  const headers = { "Content-Type": "application/json", "X-CSRF-Token": workspace.dataset.csrf };
  const state = document.getElementById("draft-state");
  const offline = document.getElementById("offline");
  const button = document.getElementById("submit-button");
  // The text the server holds, as far as this page knows; null until the draft is read, and
  // nothing is saved before then: the starter in the editor must not overwrite a draft that a
  // reload, or a second tab, has not read back yet.
  let saved = null;
  let timer = null;
  let frozen = workspace.dataset.readOnly === "true";
  const runButton = document.getElementById("examples-button");

  const starter = document.getElementById("starter").textContent;
  const editor = window.JudgeEditor.mount(document.getElementById("editor"), {
    doc: starter,
    readOnly: frozen,
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

  // No more saving, running or submitting: the server said no (the time is up).
  function freeze(why) {
    frozen = true;
    clearTimeout(timer);
    editor.setReadOnly(true);
    button.disabled = true;
    runButton.disabled = true;
    connection(true);
    state.textContent = why;
  }
  document.addEventListener("judge:time-up", (event) => freeze(event.detail));

  // One save at a time, in order: two PUTs in flight at once (the typing's and a click's) could
  // land out of order and leave the older text as the draft.
  let saving = Promise.resolve();
  function save() {
    saving = saving.then(saveNow);
    return saving;
  }

  async function saveNow() {
    const text = editor.getDoc();
    if (saved === null || text === saved || frozen) return;
    try {
      const answer = await fetch(urls.draft, {
        method: "PUT", headers, body: JSON.stringify({ source: text }), credentials: "same-origin",
      });
      if (answer.status === 403) return freeze("not saved: " + (await reason(answer)));
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
    if (document.visibilityState === "hidden" && saved !== null && text !== saved && !frozen) {
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
      if (answer.status === 403) {
        const why = await reason(answer);
        freeze(why);
        throw new Error(why);
      }
      if (!answer.ok) throw new Error(await reason(answer));
      const made = await answer.json();
      connection(true);
      await showSubmission(made);
    } catch (err) {
      document.getElementById("result").textContent = "Not submitted: " + err.message;
    } finally {
      button.disabled = frozen;
    }
  });

  runButton.addEventListener("click", async () => {
    runButton.disabled = true;
    clearTimeout(timer);
    await save();
    const out = document.getElementById("examples-result");
    try {
      const answer = await fetch(urls.examples, {
        method: "POST", headers, body: JSON.stringify({ source: editor.getDoc() }),
        credentials: "same-origin",
      });
      if (answer.status === 403) {
        const why = await reason(answer);
        freeze(why);
        throw new Error(why);
      }
      if (!answer.ok) throw new Error(await reason(answer));
      const made = await answer.json();
      connection(true);
      await followRun(made.url, out);
    } catch (err) {
      out.replaceChildren(paragraph("The examples were not run: " + err.message));
    } finally {
      runButton.disabled = frozen;
    }
  });

  await restore();

  async function restore() {
    try {
      const answer = await fetch(urls.draft, { credentials: "same-origin" });
      if (answer.status === 204) {  // none saved yet
        saved = "";
        state.textContent = "the starter code; your draft is saved as you type";
        // Typed while the draft was being read: saved now, as it was not then.
        if (editor.getDoc() !== starter) timer = setTimeout(save, SAVE_AFTER_MS);
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

// A run of the examples followed to its end: its events (example k of n) while it runs, then
// the run itself, read as JSON and shown with textContent; polled every second where events
// cannot flow.
function followRun(url, out) {
  const status = element("span", "queued", "verdict queued");
  status.id = "examples-status";
  const progress = element("span", "waiting for a worker", "hint");
  progress.id = "examples-progress";
  const line = document.createElement("p");
  line.append("Examples: ", status, " ", progress);
  out.replaceChildren(line, paragraph(NOT_COUNTED, "hint"));
  return new Promise((resolve) => {
    let polling = null;
    const finish = async () => {
      const answer = await fetch(url, { credentials: "same-origin" });
      if (!answer.ok) throw new Error(await reason(answer));
      const run = await answer.json();
      if (run.status === "queued" || run.status === "running") return false;
      showRun(run, out);
      resolve();
      return true;
    };
    const poll = () => {
      if (polling) return;
      polling = setInterval(async () => {
        try {
          if (await finish()) clearInterval(polling);
        } catch (err) { /* the network blinked: try again next second */ }
      }, 1000);
    };
    if (!window.EventSource) return poll();
    const events = new EventSource(url + "/events");
    events.onmessage = async (message) => {
      const event = JSON.parse(message.data);
      status.textContent = event.status.replace(/_/g, " ");
      status.className = "verdict " + event.status;
      if (event.case && event.cases_total) {
        const name = event.case_name ? " (" + event.case_name + ")" : "";
        progress.textContent = "example " + event.case + " of " + event.cases_total + name;
      } else if (event.status === "running") {
        progress.textContent = "running";
      }
      if (event.final) {
        events.close();
        if (!(await finish().catch(() => false))) poll();
      }
    };
    events.onerror = () => { events.close(); poll(); };
  });
}

const NOT_COUNTED = "Not counted: the public examples only, untimed. This is no submission; Submit judges it on every case.";

function showRun(run, out) {
  const head = document.createElement("p");
  const verdict = element("span", run.status.replace(/_/g, " "), "verdict " + run.status);
  verdict.id = "examples-status";
  head.append("Examples: ", verdict);
  if (run.message) head.append(" ", element("span", run.message, "hint"));
  const parts = [head, paragraph(NOT_COUNTED, "hint")];
  if (run.cases.length) {
    const table = document.createElement("table");
    table.id = "example-results";
    table.className = "cards";
    const header = document.createElement("tr");
    for (const name of ["Example", "Verdict", "Message"]) {
      const th = element("th", name);
      th.scope = "col";
      header.append(th);
    }
    const thead = document.createElement("thead");
    thead.append(header);
    const body = document.createElement("tbody");
    for (const one of run.cases) {
      const row = document.createElement("tr");
      row.append(
        cell(one.name, "Example"),
        cell(one.verdict.replace(/_/g, " "), "Verdict", "verdict " + one.verdict),
        cell(one.message, "Message", "message"),
      );
      body.append(row);
    }
    table.append(thead, body);
    const scroll = element("div", "", "scroll");
    scroll.append(table);
    parts.push(scroll);
  }
  if (run.log) {
    const log = element("pre", run.log, "log");
    parts.push(paragraph("Your code's output:", "hint"), log);
  }
  out.replaceChildren(...parts);
}

function element(tag, text, className) {
  const made = document.createElement(tag);
  made.textContent = text;
  if (className) made.className = className;
  return made;
}

function paragraph(text, className) {
  return element("p", text, className);
}

function cell(text, label, className) {
  const td = element("td", text, className);
  td.dataset.label = label;
  return td;
}

async function reason(answer) {
  try {
    const body = await answer.json();
    return body.error || body.message || answer.statusText;
  } catch (err) {
    return answer.status + " " + answer.statusText;
  }
}
