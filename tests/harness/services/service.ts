/**
 * What a built-in service is: a function of (sender, request body) to a
 * reply body, or `undefined` for no reply.
 * @module
 */

/** A built-in service's request handler. */
export interface Service {
  /**
   * Handles one request.
   * @param src The sender (a node id).
   * @param body The request body.
   * @returns The reply body without `in_reply_to`, or `undefined` for none.
   */
  handle(src: string, body: Record<string, unknown>): Record<string, unknown> | undefined;
}
