import assert from "node:assert/strict";
import { defaultOptions } from "../options.ts";
import { LoggedNetwork, makeLog, printMessage } from "./log.ts";

function network(options: { logSend?: boolean; logRecv?: boolean }) {
  const lines: string[] = [];
  const net = new LoggedNetwork({
    latency: { mean: 0, dist: "constant" },
    // The order of the log's lines, not the pipes' timing: without pipe
    // crossings a message to a node is delivered within the send.
    transit: null,
    log: (line, logger) => lines.push(`${logger} ${line}`),
    ...options,
  });
  return { net, lines };
}

Deno.test("printMessage() prints a message as Maelstrom's log does, the body as Clojure prints it", () => {
  assert.equal(
    printMessage({ id: 3, src: "c1", dest: "n1", body: { type: "echo", echo: "hi", msg_id: 1 } }),
    '#maelstrom.net.message.Message{:id 3, :src "c1", :dest "n1", :body {:type "echo", :echo "hi", :msg_id 1}}',
  );
});

Deno.test("LoggedNetwork logs :send then :recv of each message, also when delivery is immediate", () => {
  const { net, lines } = network({ logSend: true, logRecv: true });
  net.register("c1", () => {});
  net.register("n1", (ms) => {
    for (const m of ms) net.send("n1", "c1", { type: "echo_ok", in_reply_to: m.body.msg_id });
  });
  net.send("c1", "n1", { type: "echo", msg_id: 1 });
  assert.deepEqual(lines.map((l) => l.split(" ").slice(0, 4).join(" ")), [
    "maelstrom.net :send #maelstrom.net.message.Message{:id 0,",
    "maelstrom.net :recv #maelstrom.net.message.Message{:id 0,",
    "maelstrom.net :send #maelstrom.net.message.Message{:id 1,",
    "maelstrom.net :recv #maelstrom.net.message.Message{:id 1,",
  ]);
  net.close();
});

Deno.test("LoggedNetwork logs nothing unless asked, and only what is asked", () => {
  for (const [options, kinds] of [[{}, []], [{ logRecv: true }, [":recv"]]] as const) {
    const { net, lines } = network(options);
    net.register("c1", () => {});
    net.register("n1", () => {});
    net.send("c1", "n1", { type: "x" });
    assert.deepEqual(lines.map((l) => l.split(" ")[1]), kinds);
    net.close();
  }
});

Deno.test("makeLog() writes JSON objects with --logging-json, and nothing when quiet", () => {
  const lines: string[] = [];
  makeLog({ ...defaultOptions(), loggingJson: true }, (l) => lines.push(l))("hi", "maelstrom.net");
  makeLog({ ...defaultOptions(), quiet: true }, (l) => lines.push(l))("hidden");
  assert.equal(lines.length, 1);
  assert.deepEqual(
    (({ level, logger_name, message }) => ({ level, logger_name, message }))(JSON.parse(lines[0])),
    { level: "INFO", logger_name: "maelstrom.net", message: "hi" },
  );
});
