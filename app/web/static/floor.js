// The session floor in the browser: the chair's console, the delegate's panel and the hall
// screen. Each follows /api/meetings/{id}/live (Server-Sent Events; the browser reconnects by
// itself and the first event after a reconnect is the whole current state).
"use strict";

(() => {
  const root = document.getElementById("floor");
  if (!root) return;
  const meeting = root.dataset.meeting;
  const mode = root.dataset.mode; // console | reader | hall
  const csrf = root.dataset.csrf || "";
  const text = JSON.parse(document.getElementById("floor-text").textContent);
  const live = (name) => root.querySelectorAll(`[data-live="${name}"]`);
  const set = (name, value) => live(name).forEach((el) => { el.textContent = value; });
  let clockSkew = 0; // server time - local time, seconds
  let state = null;

  async function call(method, url, body, headers = {}) {
    let response;
    try {
      response = await fetch(url, {
        method,
        credentials: "same-origin",
        headers: { "content-type": "application/json", "X-CSRF-Token": csrf, ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new Error(text["floor.offline"]); // no network: said in words, not "Failed to fetch"
    }
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((data && data.error && data.error.message) || text["floor.error"]);
      error.status = response.status;
      throw error;
    }
    return data;
  }

  function showError(message) {
    const box = root.querySelector('[data-live="error"]') || document.getElementById("floor-error");
    if (!box) return;
    box.textContent = message || "";
    box.hidden = !message;
  }

  const pct = (value) => `${Number(value).toLocaleString("vi-VN", { maximumFractionDigits: 2 })}%`;

  function remaining(untilTs) {
    const left = Math.max(0, Math.round(untilTs - (Date.now() / 1000 + clockSkew)));
    return `${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}`;
  }

  // --- what every mode shows ---------------------------------------------------------------

  function render(snapshot) {
    state = snapshot;
    clockSkew = snapshot.now - Date.now() / 1000;
    const a = snapshot.attendance;
    set("present", a.present);
    set("total", a.total);
    set("quorum", text[a.quorum_met ? "floor.quorum_met" : "floor.quorum_not_met"]);
    renderVote(snapshot.vote);
    const speaker = snapshot.speaker;
    set("speaker", speaker ? `${text["floor.speaking"]}: ${speaker.full_name}` : text["floor.no_speaker"]);
    live("queue").forEach((list) => {
      list.replaceChildren(...snapshot.queue.map((s) => {
        const li = document.createElement("li");
        li.textContent = s.full_name;
        return li;
      }));
    });
    tick();
    if (mode === "reader") renderMine(snapshot.vote);
    if (mode === "banner") announce(snapshot.vote);
    if (mode === "console") {
      const vote = snapshot.vote;
      root.querySelectorAll(`[data-vote="${vote && vote.id}"] [data-live-vote="cast"]`)
        .forEach((el) => { el.textContent = vote.cast; });
    }
  }

  function renderVote(vote) {
    if (!vote) {
      set("question", text["floor.no_vote"]);
      return;
    }
    set("question", vote.question);
    set("vote-status", text[`vote_status.${vote.status}`]);
    set("cast", `${text["floor.cast"]}: ${vote.cast}/${vote.total_delegates}`);
    live("results").forEach((table) => {
      const shown = vote.approve !== null && vote.kind === "question";
      table.hidden = !shown;
      if (!shown) return;
      for (const row of table.querySelectorAll("tr[data-choice]")) {
        const choice = row.dataset.choice;
        const count = choice === "not_voted" ? vote.not_voted : vote[choice];
        row.querySelector("[data-n]").textContent = count;
        row.querySelector("[data-pct]").textContent = pct(vote.percent[choice]);
        row.querySelector("[data-bar]").style.width = `${vote.percent[choice]}%`;
      }
    });
    live("candidates").forEach((table) => {
      const shown = vote.kind === "election" && vote.status === "closed" && vote.subjects.some((c) => c.approve !== null);
      table.hidden = !shown;
      if (!shown) return;
      table.tBodies[0].replaceChildren(...vote.subjects.filter((c) => !c.withdrawn).map((c) => {
        const row = document.createElement("tr");
        const cells = [c.name, c.approve, c.against, text[c.elected ? "election.elected" : "election.not_elected"]];
        row.replaceChildren(...cells.map((value, i) => {
          const cell = document.createElement(i ? "td" : "th");
          if (i === 1 || i === 2) cell.className = "n";
          cell.textContent = value;
          if (!i) {
            cell.scope = "row";
            const office = document.createElement("small");
            office.textContent = c.title; // the office, under the name
            cell.append(document.createElement("br"), office);
          }
          return cell;
        }));
        row.classList.toggle("elected", Boolean(c.elected));
        return row;
      }));
    });
    let verdict = "";
    if (vote.status === "closed" && vote.passed !== null) {
      verdict = text[vote.passed ? "floor.passed" : "floor.not_passed"];
    } else if (vote.approve === null && vote.status === "open") {
      verdict = text["floor.hidden_until_close"];
    }
    live("verdict").forEach((el) => {
      el.textContent = verdict;
      el.classList.toggle("failed", vote.passed === false);
    });
  }

  function tick() {
    const vote = state && state.vote;
    set("countdown", vote && vote.status === "open" && vote.closes_at_ts ? remaining(vote.closes_at_ts) : "");
    const speaker = state && state.speaker;
    set("speaker-left", speaker && speaker.ends_at ? `${text["floor.time_left"]} ${remaining(speaker.ends_at)}` : "");
  }
  setInterval(tick, 1000);

  // --- the banner over a document being read -----------------------------------------------

  let announced = null; // the vote the banner has shown: its result follows it

  function announce(vote) {
    if (vote && vote.status === "open") announced = vote.id;
    root.hidden = !(vote && vote.id === announced);
  }

  // --- the delegate's panel ----------------------------------------------------------------

  let shownVote = null;

  async function renderMine(vote) {
    const panel = root.querySelector('[data-live="my-vote"]');
    if (!panel) return;
    panel.hidden = !vote;
    if (!vote) return;
    const key = `${vote.id}:${vote.status}:${vote.cast}`;
    if (shownVote === key) return;
    shownVote = key;
    let mine = null;
    try {
      mine = await call("GET", `/api/votes/${vote.id}`);
    } catch (error) {
      showError(error.message);
      return;
    }
    const box = root.querySelector("[data-choices]");
    const open = mine.status === "open" && !mine.voted;
    set("my-state", mine.voted ? `✓ ${text["floor.voted"]}` : "");
    if (!open) {
      box.replaceChildren();
      return;
    }
    if (box.dataset.vote === String(vote.id) && box.children.length) return;
    box.dataset.vote = vote.id;
    if (mine.kind === "question") box.replaceChildren(...questionButtons(mine));
    else if (mine.kind === "confidence") box.replaceChildren(...subjectsForm(mine, ["high", "medium", "low"]));
    else {
      let seats = {};
      try {
        const election = await call("GET", `/api/elections/${vote.id}`);
        seats = Object.fromEntries(election.positions.map((o) => [o.number, o.seats]));
      } catch (error) {
        showError(error.message);
      }
      box.replaceChildren(...subjectsForm(mine, ["approve", "against"], seats));
    }
  }

  function questionButtons(vote) {
    return ["approve", "against", "abstain"].map((choice) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = `choice choice-${choice}`;
      button.textContent = text[`choice.${choice}`];
      button.addEventListener("click", () => sendBallot(vote.id, { choice }));
      return button;
    });
  }

  // A ballot over people: a confidence vote rates each, an election approves each candidate
  // or not (no more approved for an office than its seats, which the form says).
  function subjectsForm(vote, choices, seats = null) {
    const form = document.createElement("form");
    let office = null;
    for (const subject of vote.subjects.filter((s) => !s.withdrawn)) {
      if (seats && subject.office !== office) {
        office = subject.office;
        const heading = document.createElement("h4");
        heading.textContent = `${subject.title} – ${text["election.approve_up_to"]}: ${seats[office] || 1}`;
        form.append(heading);
      }
      const fieldset = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = seats || !subject.title ? subject.name : `${subject.name} – ${subject.title}`;
      fieldset.append(legend);
      for (const choice of choices) {
        const label = document.createElement("label");
        const input = document.createElement("input");
        Object.assign(input, { type: "radio", name: String(subject.position), value: choice, required: true });
        label.append(input, ` ${text[seats ? `choice.elect_${choice}` : `choice.${choice}`]}`);
        fieldset.append(label);
      }
      form.append(fieldset);
    }
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.className = "primary";
    submit.textContent = text["floor.send_ballot"];
    form.append(submit);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const choices = Object.fromEntries(new FormData(form));
      sendBallot(vote.id, { choices });
    });
    return [form];
  }

  async function sendBallot(voteId, body) {
    // one key per vote, kept across retries and reloads: a resend is never a second ballot
    const storeKey = `kyhop-ballot-${voteId}`;
    const idempotency = sessionStorage.getItem(storeKey) || crypto.randomUUID();
    sessionStorage.setItem(storeKey, idempotency);
    root.querySelectorAll("[data-choices] button").forEach((b) => { b.disabled = true; });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      try {
        await call("POST", `/api/votes/${voteId}/ballots`, body, { "Idempotency-Key": idempotency });
        showError("");
        shownVote = null;
        renderMine(state.vote);
        return;
      } catch (error) {
        if (error.status && error.status < 500) {
          // refused (a spoiled ballot, say): the choices stay on screen to correct and resend
          root.querySelectorAll("[data-choices] button").forEach((b) => { b.disabled = false; });
          showError(error.message);
          shownVote = null;
          renderMine(state.vote);
          return;
        }
        showError(text["floor.error"]);
        await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
      }
    }
  }

  root.querySelectorAll("[data-checkin]").forEach((button) => {
    button.addEventListener("click", async () => {
      try {
        // opened from the hall screen's QR: the code shows the delegate is in the hall
        const hall = new URLSearchParams(location.search).get("hall");
        const body = hall ? { method: "hall_qr", code: hall } : { method: "device" };
        await call("POST", `/api/meetings/${meeting}/attendance`, body);
        button.hidden = true;
        live("checked-in").forEach((el) => { el.hidden = false; });
        showError("");
        shownVote = null;
        if (state) renderMine(state.vote);
      } catch (error) {
        showError(error.message);
      }
    });
  });

  root.querySelectorAll("[data-speak]").forEach((button) => {
    button.addEventListener("click", async () => {
      try {
        await call("POST", `/api/meetings/${meeting}/speakers`, { kind: button.dataset.speak });
        set("speak-state", text["floor.asked_to_speak"]);
        showError("");
      } catch (error) {
        showError(error.message);
      }
    });
  });

  // --- the console's forms (apiform.js sends them): "Name – title" lines become subjects --

  if (window.ApiForm) window.ApiForm.parsers.subjects = (value) => value.split("\n").map((line) => line.trim())
    .filter(Boolean).map((line) => {
      const [who, ...title] = line.split(/\s+[–-]\s+/);
      return { name: who, title: title.join(" – ") };
    });

  // An election's form: each office's fieldset gives a title, its seats and the delegates
  // ticked as its candidates; an office left without a title is not part of it.
  if (window.ApiForm) window.ApiForm.builders.election = (form) => ({
    title: form.elements.title.value,
    positions: [...form.querySelectorAll("fieldset[data-office]")].map((office) => ({
      title: office.querySelector("[name=office_title]").value.trim(),
      seats: Number(office.querySelector("[name=seats]").value || 1),
      candidate_ids: [...office.querySelectorAll("[name=candidate]:checked")].map((box) => Number(box.value)),
    })).filter((office) => office.title),
  });
  // The counting committee's paper count of an election: for each candidate, both counts.
  if (window.ApiForm) window.ApiForm.builders["election-paper"] = (form) => {
    const subjects = {};
    for (const input of form.querySelectorAll("input[data-position]")) {
      subjects[input.dataset.position] = { ...subjects[input.dataset.position], [input.dataset.choice]: Number(input.value) };
    }
    return { subjects, note: form.elements.note.value };
  };

  // --- live ---------------------------------------------------------------------------------

  // While the live line is down (the browser retries by itself) the figures on screen are
  // the last ones received: say so rather than show them as current.
  const connection = root.querySelector('[data-live="connection"]');
  function connected(yes) {
    if (!connection) return;
    connection.hidden = yes;
    connection.textContent = yes ? "" : text["floor.reconnecting"];
  }
  let source;
  function listen() {
    source = new EventSource(root.dataset.liveUrl || `/api/meetings/${meeting}/live`);
    source.addEventListener("open", () => connected(true));
    source.addEventListener("error", () => connected(false));
    source.addEventListener("floor", (event) => {
      render(JSON.parse(event.data));
      connected(true);
      root.dataset.liveReady = "1";
    });
  }
  listen();
  // A dropped Wi-Fi can leave the stream open but silent: the device's own word that the
  // network went counts, and coming back starts a fresh stream (it opens with the current state).
  addEventListener("offline", () => {
    source.close();
    connected(false);
  });
  addEventListener("online", () => {
    source.close();
    listen();
  });
})();
