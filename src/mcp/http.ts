// The MCP server over Streamable HTTP at /mcp, stateless: each POST carries whole JSON-RPC
// messages and gets a JSON answer, so any web process can serve any call (no sessions to share).
import type { Context } from 'hono';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import { createMcpServer, type McpDeps } from './tools.ts';

/** Tool arguments are a few short fields: a larger body is refused before it is parsed. */
const MAX_BODY_BYTES = 64 * 1024;

export function mcpHttpHandler(deps: McpDeps) {
  return async (c: Context): Promise<Response> => {
    // No server-to-client stream and no sessions: GET and DELETE have nothing to do here.
    if (c.req.method !== 'POST') {
      return c.json({ jsonrpc: '2.0', error: { code: -32000, message: 'Method not allowed: this MCP endpoint takes POST only (stateless Streamable HTTP)' }, id: null }, 405, { Allow: 'POST' });
    }
    // A server per request, as the SDK advises for stateless use: request ids of different
    // clients can never collide.
    const server = createMcpServer(deps);
    const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true, maxRequestBodySize: MAX_BODY_BYTES });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      await server.close();
    }
  };
}
