// The pages' script: copy buttons, and a submission followed live (also one the challenge
// page's workspace, workspace.js, has just made: window.followLive). Server-sent events
// carry the worker's progress; the part of the page that changes is fetched from the server
// (rendered and escaped there) when the verdict comes, or every second when events cannot
// flow (no EventSource, a proxy in the way, the server's limit on open streams).
"use strict";

const QUEUE_REFRESH_MS = 4000;

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("button[data-copy]")) {
    button.addEventListener("click", () => copy(button));
  }
  const live = document.getElementById("live");
  if (live && live.dataset.final !== "true") follow(live);
});

async function copy(button) {
  const text = document.getElementById(button.dataset.copy).textContent;
  try {
    await navigator.clipboard.writeText(text);
    button.textContent = "Copied";
  } catch (err) {
    const range = document.createRange();  // no clipboard access: select it for the user
    range.selectNodeContents(document.getElementById(button.dataset.copy));
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    button.textContent = "Selected: press Ctrl+C";
  }
}

window.followLive = follow;

function follow(live) {
  const liveUrl = live.dataset.live;
  let polling = null;

  async function refresh() {
    const answer = await fetch(liveUrl, { headers: { Accept: "text/html" } });
    if (!answer.ok) return true;  // gone or failing: stop rather than hammer the server
    const doc = new DOMParser().parseFromString(await answer.text(), "text/html");
    const fresh = doc.getElementById("live");
    document.getElementById("live").replaceWith(fresh);
    if (fresh.dataset.final === "true") {
      document.title = document.title.replace(/\(.*\)/, "(" + fresh.querySelector("#status").textContent + ")");
      return true;
    }
    return false;
  }

  function poll() {
    if (polling) return;
    polling = setInterval(async () => {
      try {
        if (await refresh()) clearInterval(polling);
      } catch (err) { /* the network blinked: try again next second */ }
    }, 1000);
  }

  // No event says that the queue moved: while queued, the place is read again now and then.
  const queueWatch = setInterval(async () => {
    const status = document.getElementById("status");
    if (!status || status.textContent !== "queued" || polling) return clearInterval(queueWatch);
    try { await refresh(); } catch (err) { /* the next time */ }
  }, QUEUE_REFRESH_MS);

  if (!window.EventSource) return poll();
  const events = new EventSource(live.dataset.events);
  events.onmessage = async (message) => {
    const event = JSON.parse(message.data);
    show(event);
    if (event.final) {
      events.close();
      if (!(await refresh().catch(() => false))) poll();
    }
  };
  events.onerror = () => { events.close(); poll(); };
}

// The progress phases that carry no case (judge/verdicts.py, Phase), in the CLI's words.
const PHASES = {
  benchmark: "every case right; timing the benchmark",
  "timing the reference": "accepted so far; timing the reference solution",
};

function show(event) {
  const status = document.getElementById("status");
  const progress = document.getElementById("progress");
  if (!status || !progress) return;
  if (event.status) {
    status.textContent = event.status.replace(/_/g, " ");
    status.className = "verdict " + event.status;
  }
  if (event.case && event.cases_total) {
    const name = event.case_name ? " (" + event.case_name + ")" : "";
    const verb = event.phase === "timing" ? "timing case " : "case ";
    progress.textContent = verb + event.case + " of " + event.cases_total + name;
  } else if (PHASES[event.phase]) {
    progress.textContent = PHASES[event.phase];
  } else if (event.status === "running") {
    progress.textContent = "running";
  } else if (event.status === "queued") {
    // Only a judging that ended without a verdict says "requeued" (and why); the first event
    // of a fresh submission carries its place in the queue, as the CLI shows it.
    if (event.requeued) progress.textContent = "in the queue again: " + event.requeued;
    else if (event.queue_position) progress.textContent = "position " + event.queue_position;
    else progress.textContent = "waiting for a worker";
  }
}
