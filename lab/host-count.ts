// How many hosts a LAN may have: one bound for the CLI, lab files and runLab.

/** Hosts on one LAN segment: host names and their /64 stay simple below this. */
export const MAX_HOSTS = 250;

export function validHostCount(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= MAX_HOSTS;
}
