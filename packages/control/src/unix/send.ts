import type { Socket } from 'node:net';

/** Pieces an answer is written in, so that a client reading slowly but steadily is seen to progress. */
const PIECE_BYTES = 64 * 1024;

export interface SendOptions {
  /** The client must take each piece within this long, or the connection is dropped. */
  stallMs: number;
  /** Called once the whole answer is with the kernel. */
  onSent?: () => void;
  /** After the answer is sent, how long to wait for the client to close before closing ourselves. */
  lingerMs: number;
}

/**
 * Writes one answer and ends our side. What the client sends meanwhile is read and dropped, so
 * its close is seen; its bytes do not count as progress: only the answer leaving does, so a
 * client that stops reading (while it keeps writing or not) is cut off after `stallMs`.
 */
export function sendAndClose(socket: Socket, text: string, options: SendOptions): void {
  if (socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  socket.setTimeout(0);
  socket.on('data', () => undefined);
  socket.resume();
  const data = Buffer.from(text, 'utf8');
  const stall = setTimeout(() => socket.destroy(), options.stallMs);
  stall.unref();
  socket.once('close', () => clearTimeout(stall));
  let offset = 0;
  const next = (error?: Error | null): void => {
    if (error || socket.destroyed) return;
    stall.refresh();
    if (offset >= data.length) {
      socket.end(() => {
        clearTimeout(stall);
        options.onSent?.();
        setTimeout(() => socket.destroy(), options.lingerMs).unref();
      });
      return;
    }
    const piece = data.subarray(offset, offset + PIECE_BYTES);
    offset += piece.length;
    socket.write(piece, next);
  };
  next();
}
