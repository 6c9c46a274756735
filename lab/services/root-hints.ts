// A resolver's root hints naming only the lab's root server: every resolver iterates from it,
// never from the real root.

export function rootHintsText(root: { name: string; address: string }): string {
  return `. 3600000 NS ${root.name}\n${root.name} 3600000 A ${root.address}\n`;
}
