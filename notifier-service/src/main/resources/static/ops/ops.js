// The operations dashboard: reads /api/ops/summary with the person's bearer token every few
// seconds and draws it. No libraries, nothing fetched from elsewhere; the page itself holds no data.
(function () {
  "use strict";
  const PERIOD_MS = 5000;
  const HISTORY = 60; // points kept for the sparklines (5 minutes)
  const STATUSES = ["DUE", "OVERDUE", "NON_RESPONSIVE", "ASK_TOO_SOON", "RECOVERED", "OK", "PAUSED"];
  const series = { queue: [], lag: [] };
  let timer = null;

  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (k === "class") node.className = v;
      else if (k === "style") node.setAttribute("style", v);
      else node.setAttribute(k, v);
    });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(String(c))));
    return node;
  };
  const fmt = (n) => (n === null || n === undefined ? "–" : Number(n).toLocaleString("en"));

  function token() {
    return sessionStorage.getItem("kit.ops.token");
  }

  function status(text, state) {
    $("status").textContent = text;
    $("status").dataset.state = state;
  }

  async function refresh() {
    if (!token()) return;
    try {
      const response = await fetch("/api/ops/summary", {
        headers: { Authorization: "Bearer " + token(), Accept: "application/json" },
        cache: "no-store",
      });
      if (response.status === 401) {
        $("dashboard").hidden = true;
        status("The token is missing, expired or not signed by this system", "error");
        return;
      }
      if (response.status === 403) {
        $("dashboard").hidden = true;
        status("This token lacks the ops or admin scope", "error");
        return;
      }
      if (!response.ok) {
        status("The summary answered " + response.status, "error");
        return;
      }
      draw(await response.json());
      status("Live", "ok");
    } catch (e) {
      status("notifier-service is not answering (" + e.message + ")", "error");
    }
  }

  function draw(summary) {
    $("dashboard").hidden = false;
    $("as-of").textContent = "as of " + new Date(summary.asOf).toLocaleString();
    drawRelationships(summary.relationshipsByStatus || {});
    drawDeliveries(summary.deliveriesByStatus || {}, summary.queue || {});
    drawEndpoints(summary.endpoints || []);
    drawKafka(summary.kafka || { deadLetters: {}, lag: [] });
    drawRetention(summary.retention || {});
  }

  // P730D reads as "730 days"; null is a retention of 0: kept forever.
  function kept(retention) {
    if (!retention) return "kept forever";
    const days = /^P(\d+)D$/.exec(retention);
    return days ? fmt(days[1]) + " days" : retention;
  }

  function drawRetention(retention) {
    const rows = [
      ["deliveryBodies", "Delivery bodies (notifier-service)"],
      ["interactionSummaries", "Interaction summaries (interaction-service)"],
    ];
    $("retention-rows").replaceChildren(...rows.map(([key, label]) => {
      const figures = retention[key];
      if (!figures || figures.unavailable) {
        return el("tr", { "data-retention": key },
          el("td", {}, label),
          el("td", { colspan: 4, class: "hint", "data-figure": "retention." + key + ".unavailable" },
            figures && figures.unavailable ? "Unavailable: " + figures.unavailable : "Not reported."));
      }
      return el("tr", { "data-retention": key },
        el("td", {}, label),
        el("td", { "data-figure": "retention." + key + ".retention" }, kept(figures.retention)),
        el("td", { class: "num", "data-figure": "retention." + key + ".removedTotal" }, fmt(figures.removedTotal)),
        el("td", {}, figures.lastSweepAt ? new Date(figures.lastSweepAt).toLocaleString() : "not yet"),
        el("td", { class: "num", "data-figure": "retention." + key + ".lastSweepRemoved" }, fmt(figures.lastSweepRemoved)));
    }));
  }

  function drawRelationships(byStatus) {
    const names = STATUSES.filter((s) => s in byStatus).concat(Object.keys(byStatus).filter((s) => !STATUSES.includes(s)));
    const max = Math.max(1, ...names.map((s) => byStatus[s]));
    $("relationship-bars").replaceChildren(
      ...(names.length === 0 ? [el("p", { class: "hint" }, "No relationship has had a transition yet.")] : []),
      ...names.map((s) =>
        el("div", { class: "row" },
          el("span", {}, s),
          el("div", { class: "track" }, el("div", { class: "fill " + s, style: "width:" + (100 * byStatus[s]) / max + "%" })),
          el("span", { class: "n", "data-figure": "relationships." + s }, fmt(byStatus[s])))));
  }

  function drawDeliveries(totals, queue) {
    const outcomes = ["DELIVERED", "PENDING", "FAILED"].concat(Object.keys(totals).filter((k) => !["DELIVERED", "PENDING", "FAILED"].includes(k)));
    $("delivery-totals").replaceChildren(...outcomes.map((o) =>
      el("div", { class: "figure" },
        el("span", { class: "value", "data-figure": "deliveries." + o }, fmt(totals[o] || 0)),
        el("span", { class: "label" }, o.toLowerCase()))));
    ["due", "inFlight", "unrecorded"].forEach((k) => {
      document.querySelector('[data-figure="queue.' + k + '"]').textContent = fmt(queue[k]);
    });
    push(series.queue, (queue.due || 0) + (queue.inFlight || 0));
    spark($("queue-spark"), series.queue);
  }

  function drawEndpoints(endpoints) {
    $("endpoint-rows").replaceChildren(
      ...(endpoints.length === 0 ? [el("tr", {}, el("td", { colspan: 6, class: "hint" }, "No webhook endpoints."))] : []),
      ...endpoints.map((e) => {
        const counts = e.deliveries || {};
        const total = Object.values(counts).reduce((a, b) => a + b, 0);
        const bar = el("div", { class: "outcomes", title: JSON.stringify(counts) },
          ...Object.entries(counts).map(([k, n]) => el("span", { class: k, style: "width:" + (total ? (100 * n) / total : 0) + "%" })));
        return el("tr", { "data-endpoint": e.id },
          el("td", { class: "url" }, el("div", {}, e.id), el("div", { class: "hint" }, e.url)),
          el("td", {}, e.firmWide ? "firm-wide" : e.ownerId),
          el("td", {}, el("span", { class: "pill " + (e.enabled ? "enabled" : "disabled"), "data-figure": "endpoint." + e.id + ".state" },
            e.enabled ? "enabled" : "disabled"), e.disabledReason ? el("div", { class: "hint" }, e.disabledReason) : ""),
          el("td", {}, el("span", { class: "pill " + e.circuitState, "data-figure": "endpoint." + e.id + ".circuit" }, e.circuitState)),
          el("td", {}, e.failingSince ? new Date(e.failingSince).toLocaleString() : "–"),
          el("td", {}, bar, el("div", { class: "hint", "data-figure": "endpoint." + e.id + ".delivered" }, fmt(counts.DELIVERED || 0)), ""));
      }));
  }

  function drawKafka(kafka) {
    const topics = Object.keys(kafka.deadLetters || {}).sort();
    $("dlt-rows").replaceChildren(
      ...(topics.length === 0 ? [el("tr", {}, el("td", { colspan: 2, class: "hint" }, kafka.measuredAt ? "No dead-letter topics." : "Not measured yet."))] : []),
      ...topics.map((t) => el("tr", { class: kafka.deadLetters[t] > 0 ? "alarm" : "" },
        el("td", {}, t), el("td", { class: "num", "data-figure": "dlt." + t }, fmt(kafka.deadLetters[t])))));
    const lag = kafka.lag || [];
    const total = lag.reduce((a, l) => a + l.records, 0);
    document.querySelector('[data-figure="lag.total"]').textContent = fmt(total);
    push(series.lag, total);
    spark($("lag-spark"), series.lag);
    $("lag-rows").replaceChildren(...lag.map((l) => el("tr", {},
      el("td", {}, l.group), el("td", {}, l.topic), el("td", { class: "num", "data-figure": "lag." + l.group + "." + l.topic }, fmt(l.records)))));
  }

  function push(values, value) {
    values.push(value);
    if (values.length > HISTORY) values.shift();
  }

  function spark(svg, series) {
    const max = Math.max(1, ...series);
    const step = 300 / Math.max(1, HISTORY - 1);
    const offset = (HISTORY - series.length) * step;
    const points = series.map((v, i) => (offset + i * step).toFixed(1) + "," + (46 - (44 * v) / max).toFixed(1)).join(" ");
    const line = document.createElementNS("http://www.w3.org/2000/svg", "polyline");
    line.setAttribute("points", points);
    svg.replaceChildren(line);
  }

  function start() {
    if (timer) clearInterval(timer);
    refresh();
    timer = setInterval(refresh, PERIOD_MS);
  }

  // A token in the fragment (#token=...) is taken and removed from the address bar and history,
  // on load and whenever the fragment changes (a new link to the open page).
  function tokenFromFragment() {
    const fragment = new URLSearchParams(location.hash.slice(1));
    if (!fragment.get("token")) return false;
    sessionStorage.setItem("kit.ops.token", fragment.get("token"));
    history.replaceState(null, "", location.pathname);
    return true;
  }
  tokenFromFragment();
  window.addEventListener("hashchange", () => {
    if (tokenFromFragment()) {
      $("dashboard").hidden = true;
      status("Loading", "idle");
      start();
    }
  });
  $("period").textContent = PERIOD_MS / 1000;
  $("token-form").addEventListener("submit", (event) => {
    event.preventDefault();
    sessionStorage.setItem("kit.ops.token", $("token").value.trim());
    $("token").value = "";
    start();
  });
  if (token()) {
    status("Loading", "idle");
    start();
  }
})();
