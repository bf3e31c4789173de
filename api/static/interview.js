// The candidate's pages (api/interview.py): the invitation's code read from the link's
// fragment (never sent to any server by the browser) and posted; the time left counted down
// from the server's figure, with warnings at 10 and 2 minutes; and at zero, the workspace told
// that the time is up (workspace.js makes the editor read-only). The server decides: a save, a
// run or a submission after the deadline is refused there, whatever this page shows.
"use strict";

const WARNINGS = [
  [120, "2 minutes left: submit what you have."],
  [600, "10 minutes left."],
];

document.addEventListener("DOMContentLoaded", () => {
  openInvitation();
  const clock = document.getElementById("clock");
  if (clock) countDown(clock);
  for (const button of document.querySelectorAll("button[data-confirm]")) {
    button.addEventListener("click", (event) => {
      if (!window.confirm(button.dataset.confirm)) event.preventDefault();
    });
  }
});

function openInvitation() {
  const form = document.getElementById("invite-form");
  const code = window.location.hash.slice(1);
  if (!form || !code) return;
  // Off the address bar and the history at once: the code is a secret.
  history.replaceState(null, "", window.location.pathname);
  if (document.getElementById("invite-error")) return;  // this very code was just refused
  form.elements.code.value = decodeURIComponent(code);
  form.submit();
}

function countDown(clock) {
  // The server's figure, counted on this browser's monotonic clock: a wrong clock on the
  // candidate's machine changes nothing.
  const ends = performance.now() + Number(clock.dataset.secondsLeft) * 1000;
  const shown = document.getElementById("time-left");
  const warning = document.getElementById("clock-warning");
  let warned = Infinity;
  const tick = () => {
    const left = Math.max(0, Math.round((ends - performance.now()) / 1000));
    shown.textContent = format(left);
    for (const [at, words] of WARNINGS) {
      if (left <= at && at < warned && left > 0) {
        warned = at;
        warning.textContent = words;
        warning.hidden = false;
      }
    }
    if (left > 0) return;
    clearInterval(timer);
    clock.classList.add("over");
    warning.textContent = "Time is up: submitting is closed. What you submitted before is recorded.";
    warning.hidden = false;
    document.getElementById("recorded-link").hidden = false;
    document.dispatchEvent(new CustomEvent("judge:time-up", { detail: warning.textContent }));
  };
  const timer = setInterval(tick, 1000);
  tick();
}

function format(seconds) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, "0");
  return h ? h + ":" + String(m).padStart(2, "0") + ":" + s : m + ":" + s;
}
