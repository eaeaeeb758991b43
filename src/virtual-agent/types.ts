// The virtual agent's session lives in the domain (issue 26): the decider carries it.
export * from '../domain/va-session';
