import {
  booleanVariable,
  type Environment,
  type IaView,
  iaVariables,
  type Lease6View,
  lease6Variables,
  leases6Variables,
  type Query6View,
  query6Variables,
} from './environment.js';

/** The part of a callout handle the library reads. */
export interface ArgumentSource {
  getArgument(name: string): unknown;
}

/** What Kea 2.2's run_script exports at one hook point, from that point's arguments. */
type Extractor = (h: ArgumentSource, env: Environment) => void;

const arg = <T>(h: ArgumentSource, name: string): T | undefined => {
  try {
    return (h.getArgument(name) ?? undefined) as T | undefined;
  } catch {
    return undefined;
  }
};

const query = (h: ArgumentSource, env: Environment) =>
  query6Variables(env, arg<Query6View>(h, 'query6'), 'QUERY6');
const lease = (h: ArgumentSource, env: Environment) =>
  lease6Variables(env, arg<Lease6View>(h, 'lease6'), 'LEASE6');

/** lease6_renew and lease6_rebind: QUERY6_*, LEASE6_*, and PKT6_IA_* from ia_na or ia_pd. */
const extension: Extractor = (h, env) => {
  query(h, env);
  lease(h, env);
  const pd = arg<Lease6View>(h, 'lease6')?.type === 2;
  iaVariables(env, arg<IaView>(h, pd ? 'ia_pd' : 'ia_na'), pd, 'PKT6_IA');
};

/** Kea 2.2's DHCPv6 hook points of run_script, each with its variables. */
export const RUN_SCRIPT_EVENTS: Readonly<Record<string, Extractor>> = {
  lease6_renew: extension,
  lease6_rebind: extension,
  lease6_expire: (h, env) => {
    lease(h, env);
    booleanVariable(env, arg<boolean>(h, 'remove_lease') === true, 'REMOVE_LEASE');
  },
  lease6_recover: lease,
  leases6_committed: (h, env) => {
    query(h, env);
    leases6Variables(env, arg<Lease6View[]>(h, 'leases6'), 'LEASES6');
    leases6Variables(env, arg<Lease6View[]>(h, 'deleted_leases6'), 'DELETED_LEASES6');
  },
  lease6_release: (h, env) => {
    query(h, env);
    lease(h, env);
  },
  lease6_decline: (h, env) => {
    query(h, env);
    lease(h, env);
  },
};

/** The environment Kea's run_script gives the script at `hook`. */
export function environmentFor(hook: string, h: ArgumentSource): Environment {
  const env: Environment = [];
  RUN_SCRIPT_EVENTS[hook]?.(h, env);
  return env;
}
