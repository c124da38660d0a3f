/** What the sender and receiver log through: the shape of @nestor/daemon's Logger. */
export interface NcrLogger {
  error(id: string, text: string): void;
  debug(level: number, id: string, text: string): void;
}

export const silentNcrLogger: NcrLogger = { error() {}, debug() {} };

/** Kea's debug level for detailed traces (DBGLVL_TRACE_DETAIL_DATA). */
export const DBG_TRACE_DATA = 55;
