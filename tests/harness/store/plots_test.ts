import assert from "node:assert/strict";
import { history, type Row } from "../checkers/_testing.ts";
import { crc32, encodePng } from "./_png.ts";
import { decodePng } from "./_testing.ts";
import {
  broadenRange,
  latencyRawPlot,
  nemesisActivity,
  ratePlot,
  renderPlot,
  ticStep,
  writePlots,
} from "./plots.ts";

/** 30 s of echo ops, one every 100 ms taking 2 ms, and a partition from 5 s to 12 s. */
const ROWS: Row[] = [
  [5000, "info", "nemesis", "start-partition", "majority"],
  [5001, "info", "nemesis", "start-partition", ["isolated", { n1: ["n2"] }]],
  [12000, "info", "nemesis", "stop-partition", null],
  [12001, "info", "nemesis", "stop-partition", "network-healed"],
];
for (let i = 0; i < 300; i++) {
  ROWS.push([i * 100, "invoke", 0, "echo", i], [
    i * 100 + 2,
    i % 50 === 0 ? "info" : "ok",
    0,
    "echo",
    i,
  ]);
}
const HISTORY = history(ROWS.sort((a, b) => a[0] - b[0]));

Deno.test("encodePng() writes a PNG that an independent decoder reads back pixel for pixel", () => {
  const rgb = new Uint8Array(5 * 3 * 3).map((_, i) => (i * 37) % 256);
  const img = decodePng(encodePng(5, 3, rgb));
  assert.deepEqual([img.width, img.height, img.channels], [5, 3, 3]);
  assert.deepEqual(Array.from(img.data), Array.from(rgb));
  assert.equal(crc32(new TextEncoder().encode("IEND")), 0xae426082);
});

Deno.test("the three plots are 900×400 PNGs, written only when they have points", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await writePlots(dir, "echo", HISTORY), [
      "latency-raw.png",
      "latency-quantiles.png",
      "rate.png",
    ]);
    for (const f of ["latency-raw.png", "latency-quantiles.png", "rate.png"]) {
      const img = decodePng(await Deno.readFile(`${dir}/${f}`));
      assert.deepEqual([img.width, img.height], [900, 400], f);
    }
    const empty = await Deno.makeTempDir({ dir });
    assert.deepEqual(await writePlots(empty, "echo", []), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("partitions are shaded in the top band of the plot, in Maelstrom's partition colour, and only while they last", () => {
  const img = decodePng(renderPlot(latencyRawPlot("echo", HISTORY))!);
  const at = (x: number, y: number) => {
    const i = (y * img.width + x) * img.channels;
    return [img.data[i], img.data[i + 1], img.data[i + 2]];
  };
  // x axis [0, 30] s over pixels 65…688: 8 s is inside the partition, 20 s is not.
  const x8 = Math.round(65 + (8 / 30) * 623), x20 = Math.round(65 + (20 / 30) * 623);
  const band = 44 + 10;
  const [r, g, b] = at(x8, band);
  assert.ok(r > 230 && g > 215 && b < 200 && b > 150, `expected a #E9DCA0 tint, got ${[r, g, b]}`);
  assert.deepEqual(at(x20, band), [255, 255, 255]);
});

Deno.test("nemesis intervals pair each start with the matching stop, as Jepsen's nemesis-intervals", () => {
  const [n] = nemesisActivity(HISTORY);
  assert.deepEqual(n.intervals, [[5, 12], [5.001, 12.001]]);
  assert.equal(n.times.length, 4);
});

Deno.test("rates are completions per second in 10 s buckets; ranges and ticks follow Jepsen and gnuplot", () => {
  const ok = ratePlot("echo", HISTORY).series.find((s) => s.title === "echo ok")!;
  assert.deepEqual(ok.data.map(([t]) => t), [5, 15, 25]);
  assert.deepEqual(ok.data.map(([, r]) => Math.round(r * 10) / 10), [9.8, 9.8, 9.8]);
  assert.deepEqual(broadenRange([0, 29.9]), [0, 30]);
  assert.deepEqual(broadenRange([5, 5]), [4, 6]);
  assert.equal(ticStep(2), 0.5);
  assert.equal(ticStep(15), 2);
});
