import calculateSlot from "cluster-key-slot";

/** Groups key positions by Redis Cluster hash slot, so a multi-key command is sent once per slot. */
export function bySlot(keys: string[]): number[][] {
  const groups = new Map<number, number[]>();
  keys.forEach((key, i) => {
    const slot = calculateSlot(key);
    const group = groups.get(slot);
    if (group) group.push(i);
    else groups.set(slot, [i]);
  });
  return [...groups.values()];
}

/**
 * Throws unless every key hashes to one slot: what a transaction or a script needs on a cluster.
 * Every store checks it, so a key layout that would fail on a cluster fails in development too.
 */
export function assertOneSlot(keys: string[], what: string): void {
  if (keys.length < 2) return;
  const slot = calculateSlot(keys[0]!);
  const stray = keys.find((k) => calculateSlot(k) !== slot);
  if (stray !== undefined) throw new Error(`CROSSSLOT ${what}: keys must share one {hash tag} (${keys[0]} and ${stray} do not)`);
}
