import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../core/errors.ts';
import { UBL_NS } from './ubl.writer.ts';

// A namespace-resolved view of an XML document for the UBL reader: elements are named by a fixed
// prefix for their namespace URI (cbc:, cac:, doc: for the root's), whatever prefixes the file
// used, and each remembers its path for error messages. Parser failures never escape raw.

export interface XmlElement {
  /** `cbc:ID`, `cac:Party`, `doc:Invoice`, or `{uri}Local` for other namespaces. */
  name: string;
  /** Where it is, for messages: `Invoice/cac:InvoiceLine[2]/cbc:ID`. */
  path: string;
  text: string;
  attributes: Record<string, string>;
  children: Map<string, XmlElement[]>;
}

const MAX_BYTES = 20 * 1024 * 1024;

const KNOWN_PREFIXES = new Map<string, string>([
  [UBL_NS.cbc, 'cbc'],
  [UBL_NS.cac, 'cac'],
  [UBL_NS.invoice, 'doc'],
  [UBL_NS.creditNote, 'doc'],
]);

export const xmlError = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new AppError('invalid', code, message, details);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Entity and character references, decoded once (the parser is told to leave them alone). */
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}

type Raw = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (_name, _jpath, _isLeaf, isAttribute) => !isAttribute,
  alwaysCreateTextNode: true,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

/** Parses and checks well-formedness; refuses DTDs (UBL has none; they only bring entity tricks). */
export function parseXml(xml: string): XmlElement {
  if (typeof xml !== 'string' || xml.trim() === '')
    throw xmlError('EINVOICE_EMPTY', 'The file is empty; expected a UBL Invoice or CreditNote.');
  if (xml.length > MAX_BYTES)
    throw new AppError('too_large', 'EINVOICE_TOO_LARGE', 'The file is larger than 20 MB; not read.', {
      limit: MAX_BYTES,
    });
  const text = xml.replace(/^\uFEFF/, '');
  if (/<!DOCTYPE/i.test(text))
    throw xmlError('EINVOICE_DOCTYPE_NOT_ALLOWED', 'The XML declares a DOCTYPE; UBL documents have none.');
  let raw: Raw;
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true)
      throw xmlError(
        'EINVOICE_NOT_XML',
        `The file is not well-formed XML (line ${valid.err.line}, column ${valid.err.col}): ${valid.err.msg}`,
        { line: valid.err.line, column: valid.err.col },
      );
    raw = parser.parse(text) as Raw;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw xmlError('EINVOICE_NOT_XML', `The file is not well-formed XML: ${(error as Error).message}`);
  }
  const roots = Object.keys(raw).filter((key) => !key.startsWith('?') && !key.startsWith('#'));
  const rootName = roots[0];
  if (roots.length !== 1 || rootName === undefined)
    throw xmlError('EINVOICE_NOT_XML', 'The file does not have exactly one root element.');
  const rootNode = (raw[rootName] as Raw[])[0]!;
  return resolve(rootName, rootNode, new Map(), '');
}

function resolve(qname: string, node: Raw, inherited: Map<string, string>, parentPath: string): XmlElement {
  let namespaces = inherited;
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!key.startsWith('@')) continue;
    const attr = key.slice(1);
    const decoded = decode(String(value));
    if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
      if (namespaces === inherited) namespaces = new Map(inherited);
      namespaces.set(attr === 'xmlns' ? '' : attr.slice(6), decoded);
    } else {
      // Attributes in UBL are unqualified (currencyID, schemeID, unitCode).
      attributes[attr.includes(':') ? attr.slice(attr.indexOf(':') + 1) : attr] = decoded;
    }
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const local = colon < 0 ? qname : qname.slice(colon + 1);
  const uri = namespaces.get(prefix) ?? '';
  const known = KNOWN_PREFIXES.get(uri);
  const name = known ? `${known}:${local}` : `{${uri}}${local}`;
  const shown = known === 'doc' ? local : known ? name : qname;
  const path = parentPath ? `${parentPath}/${shown}` : shown;

  const children = new Map<string, XmlElement[]>();
  const counts = new Map<string, number>();
  let text = '';
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@')) continue;
    if (key === '#text') {
      text += decode(String(value));
      continue;
    }
    if (key === '#cdata') {
      for (const part of [value].flat() as unknown[])
        text +=
          typeof part === 'object' && part !== null ? String((part as Raw)['#text'] ?? '') : String(part);
      continue;
    }
    for (const child of value as Raw[]) {
      const index = (counts.get(key) ?? 0) + 1;
      counts.set(key, index);
      const element = resolve(key, child, namespaces, path);
      if ((value as Raw[]).length > 1) element.path = `${element.path}[${index}]`;
      const list = children.get(element.name) ?? [];
      list.push(element);
      children.set(element.name, list);
    }
  }
  return { name, path, text: text.trim(), attributes, children };
}

/** The children called `name` (`cbc:ID`); empty when there are none. */
export function all(element: XmlElement, name: string): XmlElement[] {
  return element.children.get(name) ?? [];
}

/** The first child called `name`, or undefined. */
export function first(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.get(name)?.[0];
}

/** Follows a path of child names (`cac:Country`, `cbc:IdentificationCode`) to the first match. */
export function at(element: XmlElement, ...names: string[]): XmlElement | undefined {
  let current: XmlElement | undefined = element;
  for (const name of names) {
    if (!current) return undefined;
    current = first(current, name);
  }
  return current;
}

/** The text at a path, or undefined when the element is absent or empty. */
export function textAt(element: XmlElement, ...names: string[]): string | undefined {
  const found = at(element, ...names);
  return found && found.text !== '' ? found.text : undefined;
}

/** The text at a path, or EINVOICE_MISSING_ELEMENT naming it. */
export function requiredText(element: XmlElement, ...names: string[]): string {
  const value = textAt(element, ...names);
  if (value === undefined) {
    const where = `${element.path}/${names.join('/')}`;
    throw xmlError('EINVOICE_MISSING_ELEMENT', `The document has no ${names.at(-1)} at ${where}.`, {
      element: names.at(-1),
      path: where,
    });
  }
  return value;
}
