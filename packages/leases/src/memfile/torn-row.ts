/**
 * A lease file whose last row has no end of line: a crash or power cut in the middle of an append
 * leaves one. The loader has already read that row (loaded it when only the newline was missing,
 * else counted and logged it as a bad row); what is left is to end it before anything is
 * appended. Appended as they are, new rows would continue the torn one, and the first of them
 * would be lost with it at the next load (ISC Kea 2.2 loses it so).
 */
import { read, write } from 'node:fs';
import { promisify } from 'node:util';

const readAsync = promisify(read);
const writeAsync = promisify(write);

const NEWLINE = 0x0a;

/** Nestor's id (Kea 2.2 appends to a torn row without a word): logged when a torn row is ended. */
export const TORN_ROW_ID = 'DHCPSRV_MEMFILE_LEASE_FILE_TORN_ROW';

/**
 * Ends the file's last row when it lacks its newline; `size` is the file's size. The file must be
 * open for reading and appending. Resolves with the bytes written (0 or 1).
 */
export async function endTornRow(fd: number, size: number): Promise<number> {
  if (size === 0) return 0;
  const last = Buffer.alloc(1);
  const { bytesRead } = await readAsync(fd, last, 0, 1, size - 1);
  if (bytesRead === 1 && last[0] === NEWLINE) return 0;
  await writeAsync(fd, Buffer.from([NEWLINE]), 0, 1, null);
  return 1;
}
