/** Building elements from data: text is only ever text, and a link only ever a relative file path. */

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string | null)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) if (child !== null) node.append(child);
  return node;
}

/** A link the page builder made (relative, URL-encoded); anything with a scheme is refused. */
export function safeHref(href: string | null): string | null {
  return href !== null && !/^[a-z][a-z0-9+.-]*:/i.test(href) && !href.startsWith('//') ? href : null;
}
