// A client of Latchkey's REST API typed from its OpenAPI document (openapi-typescript) and called
// through openapi-fetch: what a platform team would write. Two steps around a person's sign-in:
//   node latchkey-flow.js start  <baseUrl> <apiKey> <serverUrl> <subject>  → the pending flow
//   node latchkey-flow.js finish <baseUrl> <apiKey> <flowId>                 → what the flow led to
// Each prints one JSON line; a failed call exits non-zero with the problem document.
import createClient from "openapi-fetch";
import type { components, paths } from "./latchkey-api.js";

// Node's globals, declared here so the client compiles with the DOM library alone.
declare const process: { argv: string[]; exit(code: number): never };

type Flow = components["schemas"]["Flow"];
type Problem = components["schemas"]["Problem"];

const [command, baseUrl, apiKey, ...args] = process.argv.slice(2);
const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });

function fail(what: string, problem?: Problem | unknown): never {
  console.error(`${what}: ${JSON.stringify(problem)}`);
  process.exit(1);
}

function rfc3339(at: string | undefined, what: string): string {
  if (at === undefined || Number.isNaN(Date.parse(at))) {
    fail(`${what} is not an RFC 3339 time`, at);
  }
  return at;
}

async function start(serverUrl: string, subject: string): Promise<void> {
  const { data, error, response } = await api.POST("/v1/flows", { body: { serverUrl, subject } });
  if (error !== undefined || data === undefined || response.status !== 201) {
    fail("POST /v1/flows", error);
  }
  const flow: Flow = data;
  rfc3339(flow.createdAt, "createdAt");
  console.log(JSON.stringify({ id: flow.id, status: flow.status, authorizationUrl: flow.authorizationUrl,
    hasNotice: (flow.notice ?? "").startsWith("<message-context>") }));
}

type Event = components["schemas"]["Event"];

// Follows the feed (long-poll, cursor by cursor) until the flow's result event has arrived.
async function eventsOf(flowId: string, subject: string): Promise<Event[]> {
  const mine: Event[] = [];
  let cursor: string | undefined;
  for (let read = 0; read < 10 && !mine.some((event) => event.type === "assistant_mcp_auth"); read++) {
    const page = await api.GET("/v1/events", { params: { query: { subject, cursor, wait: 5 } } });
    if (page.data === undefined) {
      fail("GET /v1/events", page.error);
    }
    mine.push(...page.data.items.filter((event) => event.flowId === flowId));
    page.data.items.forEach((event) => rfc3339(event.createdAt, "an event's createdAt"));
    cursor = page.data.nextCursor;
  }
  return mine;
}

async function finish(flowId: string): Promise<void> {
  const flow = await api.GET("/v1/flows/{id}", { params: { path: { id: flowId } } });
  if (flow.data === undefined) {
    fail(`GET /v1/flows/${flowId}`, flow.error);
  }
  const connectionId = flow.data.connectionId;
  if (connectionId === undefined) {
    fail("the flow has no connection", flow.data);
  }
  rfc3339(flow.data.completedAt, "completedAt");

  const mine = await eventsOf(flowId, flow.data.subject);

  const token = await api.POST("/v1/connections/{id}/token", { params: { path: { id: connectionId } } });
  if (token.data === undefined) {
    fail(`POST /v1/connections/${connectionId}/token`, token.error);
  }

  const connections = await api.GET("/v1/connections", { params: { query: { subject: flow.data.subject } } });
  if (connections.data === undefined) {
    fail("GET /v1/connections", connections.error);
  }

  const missing = await api.GET("/v1/flows/{id}", { params: { path: { id: "flw_missing" } } });
  console.log(JSON.stringify({
    status: flow.data.status,
    connectionId,
    eventTypes: mine.map((event) => event.type),
    result: mine.find((event) => event.type === "assistant_mcp_auth")?.fields["Status"],
    tokenType: token.data.tokenType,
    hasAccessToken: token.data.accessToken.length > 0,
    connections: connections.data.items.map((connection) => connection.id),
    nextCursor: connections.data.nextCursor,
    missingCode: missing.error?.code,
  }));
}

if (command === "start") {
  await start(args[0], args[1]);
} else if (command === "finish") {
  await finish(args[0]);
} else {
  fail("usage: start <baseUrl> <apiKey> <serverUrl> <subject> | finish <baseUrl> <apiKey> <flowId>");
}
