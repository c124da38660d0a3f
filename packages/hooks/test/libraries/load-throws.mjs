export const version = () => 20200;
export function load() {
  throw new Error('cannot start: no database');
}
