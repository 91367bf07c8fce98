// Streams XML with saxes and hands over small element trees for each record element (Atom
// <entry>, OAI-PMH <record>), so a large response never becomes one big tree. DOCTYPE is refused:
// arXiv never sends one, and refusing it rules out entity-expansion bombs.
import { SaxesParser, type SaxesTagNS } from 'saxes';

export interface XmlNode {
  /** Local name, without namespace prefix. */
  name: string;
  /** Attributes by local name. */
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Text of an element beyond this is cut: no field of a paper is anywhere near it. */
const MAX_TEXT = 1 << 20;

export class XmlRecordStream {
  private readonly parser = new SaxesParser({ xmlns: true, position: false });
  private stack: XmlNode[] = [];
  private depthInRecord = -1;
  private out: XmlNode[] = [];
  private error: Error | null = null;

  /**
   * @param recordNames local names of the record elements to hand over whole
   * @param otherNames local names of other elements to hand over too (resumptionToken, error)
   */
  constructor(private readonly recordNames: Set<string>, private readonly otherNames: Set<string> = new Set()) {
    const p = this.parser;
    p.on('doctype', () => {
      throw new Error('XML with a DOCTYPE declaration is refused (possible entity-expansion attack)');
    });
    p.on('opentag', (tag) => this.open(tag as SaxesTagNS));
    p.on('closetag', () => this.close());
    p.on('text', (t) => this.text(t));
    p.on('cdata', (t) => this.text(t));
    p.on('error', (err) => {
      this.error ??= err;
      throw err;
    });
  }

  private open(tag: SaxesTagNS) {
    const node: XmlNode = { name: tag.local, attrs: {}, children: [], text: '' };
    for (const a of Object.values(tag.attributes)) node.attrs[a.local] = a.value;
    const inside = this.stack.length > 0;
    if (inside) this.stack[this.stack.length - 1].children.push(node);
    if (inside || this.recordNames.has(node.name) || this.otherNames.has(node.name)) this.stack.push(node);
  }

  private close() {
    if (this.stack.length === 0) return;
    const node = this.stack.pop()!;
    if (this.stack.length === 0) this.out.push(node);
  }

  private text(t: string) {
    const top = this.stack[this.stack.length - 1];
    if (top && top.text.length < MAX_TEXT) top.text += t;
  }

  /** Feeds a chunk; returns the record (and other) elements it completed. Throws on malformed XML. */
  write(chunk: string): XmlNode[] {
    this.parser.write(chunk);
    return this.take();
  }

  /** Ends the document; throws when it was cut off. */
  end(): XmlNode[] {
    this.parser.close();
    return this.take();
  }

  private take(): XmlNode[] {
    const done = this.out;
    this.out = [];
    return done;
  }
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name);
}

export function childrenNamed(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** Text of a child element, or null when absent or blank. */
export function childText(node: XmlNode, name: string): string | null {
  const c = child(node, name);
  const t = c?.text.trim();
  return t ? t : null;
}
