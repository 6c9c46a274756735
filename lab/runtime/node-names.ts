// Which namespace name each node of a lab has (both runtimes name them v6l-<lab>-<node>).
import { RuntimeError } from './host-commands.js';

export class NodeNames {
  private readonly names = new Map<string, string>();

  constructor(private readonly labId: string) {}

  set(node: string, ns: string): void {
    this.names.set(node, ns);
  }

  nodes(): string[] {
    return [...this.names.keys()];
  }

  namespaces(): string[] {
    return [...this.names.values()];
  }

  entries(): Record<string, string> {
    return Object.fromEntries(this.names);
  }

  ns(node: string): string {
    const ns = this.names.get(node);
    if (!ns) throw new RuntimeError(`no node "${node}" in lab ${this.labId} (nodes: ${this.nodes().join(', ')})`);
    return ns;
  }

  clear(): void {
    this.names.clear();
  }
}
