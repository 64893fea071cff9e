// The report page's script: draws the charts with uPlot (inlined before this
// script) from the JSON in #report-data. Plain browser JavaScript.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const TYPE_COLORS = { ok: "#81BFFC", info: "#FFA400", fail: "#FF1E90" };
  const PALETTE = [
    "#1f77b4",
    "#2ca02c",
    "#9467bd",
    "#d62728",
    "#8c564b",
    "#17becf",
    "#bcbd22",
    "#e377c2",
    "#7f7f7f",
  ];
  const DASH = { ok: undefined, info: [8, 4], fail: [2, 3] };
  const Q_DASH = { "0.5": undefined, "0.95": [8, 4], "0.99": [4, 3], "1": [1, 3] };
  const fs = [...new Set(data.rate.series.map((s) => s.f))].sort();
  const fColor = (f) => PALETTE[fs.indexOf(f) % PALETTE.length];

  // Partition periods: shaded under the series, labelled over them.
  function periods(u, each) {
    const { left, top, width, height } = u.bbox;
    for (const p of data.nemesis) {
      const x0 = Math.max(left, u.valToPos(p.start, "x", true));
      const x1 = Math.min(left + width, u.valToPos(p.stop, "x", true));
      if (x1 > x0) each(u.ctx, p, x0, x1, top, height);
    }
  }
  function shade(u) {
    u.ctx.save();
    u.ctx.fillStyle = "rgba(120, 120, 120, 0.13)";
    periods(u, (ctx, _p, x0, x1, top, height) => ctx.fillRect(x0, top, x1 - x0, height));
    u.ctx.restore();
  }
  function label(u) {
    u.ctx.save();
    u.ctx.fillStyle = "rgba(60, 60, 60, 0.9)";
    u.ctx.font = `${Math.round(11 * devicePixelRatio)}px sans-serif`;
    u.ctx.textBaseline = "top";
    periods(u, (ctx, p, x0, _x1, top) => {
      ctx.fillText(p.label, x0 + 3 * devicePixelRatio, top + 3 * devicePixelRatio);
    });
    u.ctx.restore();
  }

  // The moment a deep link points at (seconds), drawn as a dashed line.
  let moment = null;
  function markMoment(u) {
    if (moment === null) return;
    const { left, top, width, height } = u.bbox;
    const x = u.valToPos(moment, "x", true);
    if (x < left || x > left + width) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = "#FF1E90";
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, top + height);
    ctx.stroke();
    ctx.restore();
  }

  function width(el) {
    return Math.max(400, el.clientWidth - 8);
  }

  function xAxis() {
    return { label: "time (s)", labelSize: 20, grid: { stroke: "#eee" } };
  }

  const charts = [];
  function chart(id, opts, series) {
    const el = document.getElementById(id);
    if (!el) return;
    if (series[0].length === 0) {
      el.textContent = "No operations.";
      return;
    }
    opts.width = width(el);
    opts.height = opts.height || 320;
    opts.hooks = { drawClear: [shade], draw: [label, markMoment] };
    opts.legend = { live: false };
    opts.scales = Object.assign(
      { x: { time: false, range: [0, Math.max(data.end, 1e-3)] } },
      opts.scales,
    );
    charts.push([el, new uPlot(opts, series, el)]);
  }

  // Raw latency: one point per completed op at its invocation time.
  const L = data.latency;
  chart("chart-latency", {
    scales: { y: { distr: 3 } },
    cursor: { drag: { x: true, y: true, uni: 20 }, points: { show: false } },
    axes: [xAxis(), { label: "latency (ms)", labelSize: 20, size: 60, grid: { stroke: "#eee" } }],
    series: [{ label: "invoked at (s)" }].concat(["ok", "info", "fail"].map((type) => ({
      label: type,
      stroke: TYPE_COLORS[type],
      fill: TYPE_COLORS[type],
      paths: () => null,
      points: { show: true, size: 4, width: 0, fill: TYPE_COLORS[type], stroke: TYPE_COLORS[type] },
    }))),
  }, [L.t, L.ok, L.info, L.fail]);

  // Latency quantiles per :f over time (ok ops).
  const Q = data.quantiles;
  chart("chart-quantiles", {
    height: 280,
    scales: { y: { distr: 3 } },
    axes: [xAxis(), { label: "latency (ms)", labelSize: 20, size: 60, grid: { stroke: "#eee" } }],
    series: [{ label: "time (s)" }].concat(Q.series.map((s) => ({
      label: `${s.f} ${s.q === "1" ? "max" : "p" + Math.round(Number(s.q) * 100)}`,
      stroke: fColor(s.f),
      width: 1.5,
      dash: Q_DASH[s.q],
      points: { show: true, size: 3 },
    }))),
  }, [Q.t].concat(Q.series.map((s) => s.values)));

  // Completion rate per :f and type.
  const R = data.rate;
  chart("chart-rate", {
    height: 280,
    axes: [xAxis(), { label: "ops/s", labelSize: 20, size: 60, grid: { stroke: "#eee" } }],
    series: [{ label: "time (s)" }].concat(R.series.map((s) => ({
      label: `${s.f} ${s.type}`,
      stroke: s.type === "ok" ? fColor(s.f) : TYPE_COLORS[s.type],
      width: 1.5,
      dash: DASH[s.type],
      points: { show: false },
      paths: uPlot.paths.stepped({ align: 1 }),
    }))),
  }, [R.t].concat(R.series.map((s) => s.values)));

  // Deep links (#t=2.31&node=n3&view=flow, from "What went wrong"): mark
  // the moment on the charts, mark its row (the first network event at or
  // after it) and the node's lane in the message flow, and scroll there.
  const SVG_NS = "http://www.w3.org/2000/svg";
  function markFlow(t, node) {
    const svg = document.querySelector("svg.lamport");
    const F = data.flow;
    if (!svg || !F || F.times.length === 0) return null;
    for (const old of svg.querySelectorAll(".mark-row, .mark-lane")) old.remove();
    let lo = 0, hi = F.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (F.times[mid] < t) lo = mid + 1;
      else hi = mid;
    }
    const note = document.getElementById("moment-note");
    if (note) {
      note.textContent = lo >= F.times.length
        ? `${t} s is after the last network event drawn (${
          F.times[F.times.length - 1]
        } s): marked at the end.`
        : "";
    }
    const y = F.yStep * (2.5 + Math.min(lo, F.times.length - 1));
    const under = svg.querySelector("g.lanes");
    const band = (cls, x, y0, w, h) => {
      const r = document.createElementNS(SVG_NS, "rect");
      r.setAttribute("class", cls);
      for (const [k, v] of [["x", x], ["y", y0], ["width", w], ["height", h]]) r.setAttribute(k, v);
      svg.insertBefore(r, under);
    };
    band("mark-row", 0, y - F.yStep / 2, F.width + 50, F.yStep);
    const lane = F.lanes.indexOf(node);
    const x = lane < 0 ? null : ((lane + 0.5) / F.lanes.length) * F.width;
    if (x !== null) band("mark-lane", x - 12, 0, 24, svg.getAttribute("height"));
    return { x, y };
  }

  function goToMoment() {
    const params = new URLSearchParams(location.hash.slice(1));
    const t = Number(params.get("t"));
    if (!params.has("t") || !Number.isFinite(t)) return;
    moment = t;
    for (const [, u] of charts) u.redraw(false);
    const at = markFlow(t, params.get("node"));
    if (params.get("view") === "flow") {
      document.getElementById("flow").scrollIntoView();
      const wrap = document.querySelector(".lamport-wrap");
      if (wrap && at) {
        wrap.scrollTop = Math.max(0, at.y - wrap.clientHeight / 3);
        if (at.x !== null) wrap.scrollLeft = Math.max(0, at.x - wrap.clientWidth / 2);
      }
    } else {
      document.getElementById("latency").scrollIntoView();
    }
  }
  addEventListener("hashchange", goToMoment);
  goToMoment();

  addEventListener("resize", () => {
    for (const [el, u] of charts) u.setSize({ width: width(el), height: u.height });
  });
})();
