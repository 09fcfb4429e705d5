/** What the server writes for one request: a response, or a dropped connection. */
export type Reply = { kind: "response"; status: number; headers: Record<string, string>; body?: Buffer } | { kind: "drop" };

export const jsonReply = (status: number, body: unknown, headers: Record<string, string> = {}): Reply => ({
  kind: "response",
  status,
  headers: { ...headers, "Content-Type": "application/json" },
  body: Buffer.from(JSON.stringify(body)),
});
