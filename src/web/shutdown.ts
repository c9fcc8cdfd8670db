/**
 * Closing the server (app.close(), on SIGTERM) stops taking connections and waits for those it has.
 * Node closes the ones idle at that moment, but not the others once they go idle: a keep-alive
 * connection whose request was under way stays open until the client drops it (Fastify keeps an idle
 * one 72 s), and so does a connection on which no request ever came — browsers open some ahead of a
 * page they expect (preconnect); the browser tests waited a minute for one. So when closing starts,
 * connections without a request under way are closed, the others as soon as their answer is sent,
 * and one that opens after is refused.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

export function closeConnectionsOnClose(app: FastifyInstance): void {
  /** Each open connection, with the number of its requests not answered yet. */
  const open = new Map<Socket, number>();
  let closing = false;
  app.server.on('connection', (socket: Socket) => {
    if (closing) return void socket.destroy();
    open.set(socket, 0);
    socket.once('close', () => open.delete(socket));
  });
  app.server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const socket = req.socket;
    if (!open.has(socket)) return;
    open.set(socket, open.get(socket)! + 1);
    res.once('close', () => {
      if (!open.has(socket)) return;
      const pending = open.get(socket)! - 1;
      open.set(socket, pending);
      if (closing && pending === 0) socket.end();
    });
  });
  app.addHook('preClose', (done) => {
    closing = true;
    for (const [socket, pending] of open) if (pending === 0) socket.destroy();
    done();
  });
}
