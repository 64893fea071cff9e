/**
 * Ctrl-C during a test. Killed outright, the bench would leave a run
 * folder with nothing but node logs, so the first SIGINT stops the run as a
 * crash does (clients give up, nodes are killed) and the store phase keeps
 * what was recorded (history, journal, log) for `serve` and for reading;
 * nothing is analyzed, as a history cut short would be judged wrongly (a
 * broadcast run stopped before its final reads would show every value
 * lost). A second Ctrl-C exits at once. Exit status 130, a shell's for
 * SIGINT.
 * @module
 */

/** Exit status of an interrupted test (128 + SIGINT). */
export const INTERRUPTED_EXIT = 130;

/** Listens for Ctrl-C while a test runs. */
export class Interruption {
  /** Settles with the reason at the first Ctrl-C. */
  readonly fired: Promise<string>;
  #resolve!: (reason: string) => void;
  #count = 0;
  #listening = false;
  #startMs: number;
  #handler = () => {
    if (++this.#count > 1) Deno.exit(INTERRUPTED_EXIT);
    const s = ((performance.now() - this.#startMs) / 1000).toFixed(1);
    console.error(
      `\nInterrupted: stopping the run and storing what it recorded (Ctrl-C again quits at once)`,
    );
    this.#resolve(`Ctrl-C (SIGINT) ${s} s into the test; what it recorded is stored, not analyzed`);
  };

  /** Starts listening; call {@link stop} in a `finally`. */
  constructor() {
    this.fired = new Promise((resolve) => this.#resolve = resolve);
    this.#startMs = performance.now();
    try {
      Deno.addSignalListener("SIGINT", this.#handler);
      this.#listening = true;
    } catch {
      // No signals here (e.g. Windows without a console): Ctrl-C kills as before.
    }
  }

  /** Whether Ctrl-C came. */
  get happened(): boolean {
    return this.#count > 0;
  }

  /** Stops listening: Ctrl-C kills the bench again. */
  stop(): void {
    if (!this.#listening) return;
    this.#listening = false;
    Deno.removeSignalListener("SIGINT", this.#handler);
  }
}
