// A small element builder: text goes in as text nodes (never as HTML), attributes as
// attributes, so nothing read from the chain can inject markup or script.
import { share } from "./format";

type Child = Node | string | number | null | undefined | false;
type Attributes = Record<string, string | number | boolean | undefined>;

/** `<tag attrs>children</tag>`. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attributes = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el: Element, children: (Child | Child[])[]): void {
  for (const child of children) {
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else if (child !== null && child !== undefined && child !== false) el.appendChild(document.createTextNode(String(child)));
  }
}

/** Replaces `el`'s children. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A link for URIs with a safe scheme (http, https, ipfs, ipns, ar); plain text otherwise. */
export function uriLink(uri: string, label = uri): HTMLElement {
  let scheme = "";
  try {
    scheme = new URL(uri).protocol;
  } catch {
    // not a URL: shown as text
  }
  if (["http:", "https:", "ipfs:", "ipns:", "ar:"].includes(scheme)) {
    return h("a", { href: uri, rel: "noopener noreferrer", target: "_blank" }, label);
  }
  return h("span", { class: "uri" }, label);
}

/** One segment of a bar: its share of the bar's scale and its class. */
export interface Segment {
  value: bigint | number;
  kind: string;
  label?: string;
}

/**
 * A horizontal bar on `scale`: segments laid end to end, an optional threshold mark, and a
 * caption. Widths are set through the CSSOM (allowed under `style-src 'self'`).
 */
export function bar(
  name: string,
  scale: bigint | number,
  segments: Segment[],
  caption: string,
  mark?: { at: bigint | number; label: string; met: boolean },
): HTMLElement {
  const track = h("div", { class: "track", role: "img", "aria-label": `${name}: ${caption}` });
  for (const segment of segments) {
    const part = h("span", { class: `segment ${segment.kind}`, title: segment.label });
    part.style.width = `${(share(segment.value, scale) * 100).toFixed(3)}%`;
    track.appendChild(part);
  }
  if (mark) {
    const line = h("span", { class: "mark", title: mark.label });
    line.style.left = `${(share(mark.at, scale) * 100).toFixed(3)}%`;
    track.appendChild(line);
  }
  return h(
    "div",
    { class: `bar${mark ? (mark.met ? " met" : " unmet") : ""}`, "data-bar": name },
    h("span", { class: "bar-name" }, name),
    track,
    h("span", { class: "bar-caption" }, caption),
  );
}
