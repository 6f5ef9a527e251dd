import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { checkTotals, fromUbl } from './ubl.reader.ts';
import { escapeXml, toUbl } from './ubl.writer.ts';
import { validateUbl } from './xsd.ts';

// What the reader refuses, and how: always an AppError whose code is stable and whose message
// names the element, never a parser exception or a silent zero.

const base = readFileSync(path.resolve('../shared/testdata/peppol-bis-invoice-3/base-example.xml'), 'utf8');

function refusal(xml: string): AppError {
  try {
    fromUbl(xml);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw new Error(`not an AppError: ${String(error)}`);
  }
  throw new Error('the document was read');
}

describe('fromUbl refuses what it cannot read', () => {
  it('text that is not XML', () => {
    expect(refusal('not xml at all')).toMatchObject({ code: 'EINVOICE_NOT_XML', kind: 'invalid' });
    const cut = refusal(base.slice(0, 2000));
    expect(cut.code).toBe('EINVOICE_NOT_XML');
    expect(cut.message).toMatch(/line \d+, column \d+/);
    expect(refusal('')).toMatchObject({ code: 'EINVOICE_EMPTY' });
    expect(refusal('<a><b></a>')).toMatchObject({ code: 'EINVOICE_NOT_XML' });
  });

  it('a DOCTYPE (entity expansion tricks)', () => {
    const xml = base.replace('<Invoice', '<!DOCTYPE Invoice [<!ENTITY x "yyyy">]>\n<Invoice');
    expect(refusal(xml).code).toBe('EINVOICE_DOCTYPE_NOT_ALLOWED');
  });

  it('a different root element', () => {
    const error = refusal(
      '<?xml version="1.0"?><Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>',
    );
    expect(error.code).toBe('EINVOICE_NOT_UBL');
    expect(error.message).toContain('Order');
  });

  it('an Invoice in the wrong namespace', () => {
    const xml = base.replace(
      'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"',
      'xmlns="urn:example:not-ubl"',
    );
    const error = refusal(xml);
    expect(error.code).toBe('EINVOICE_NOT_UBL');
    expect(error.message).toContain('urn:example:not-ubl');
  });

  it('basic components in the wrong namespace are missing elements, named', () => {
    const xml = base.replace(
      'xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"',
      'xmlns:cbc="urn:example:cbc"',
    );
    expect(refusal(xml)).toMatchObject({ code: 'EINVOICE_MISSING_ELEMENT' });
  });

  it('a missing cbc:ID', () => {
    const error = refusal(base.replace('<cbc:ID>Snippet1</cbc:ID>', ''));
    expect(error).toMatchObject({ code: 'EINVOICE_MISSING_ELEMENT', details: { element: 'cbc:ID' } });
    expect(error.message).toContain('Invoice/cbc:ID');
  });

  it('a missing line amount, named with its line', () => {
    const xml = base.replace('<cbc:LineExtensionAmount currencyID="EUR">-1500</cbc:LineExtensionAmount>', '');
    const error = refusal(xml);
    expect(error.code).toBe('EINVOICE_MISSING_ELEMENT');
    expect(error.message).toContain('cac:InvoiceLine[2]/cbc:LineExtensionAmount');
  });

  it('an amount that is not a number', () => {
    const xml = base.replace(
      '<cbc:PayableAmount currencyID="EUR">1656.25</cbc:PayableAmount>',
      '<cbc:PayableAmount currencyID="EUR">12,5O</cbc:PayableAmount>',
    );
    const error = refusal(xml);
    expect(error.code).toBe('EINVOICE_INVALID_AMOUNT');
    expect(error.message).toContain('cac:LegalMonetaryTotal/cbc:PayableAmount');
    expect(error.message).toContain('12,5O');
  });

  it('an amount with more decimals than the currency, unless they are zeros', () => {
    const xml = (amount: string) =>
      base.replace(
        '<cbc:PayableAmount currencyID="EUR">1656.25</cbc:PayableAmount>',
        `<cbc:PayableAmount currencyID="EUR">${amount}</cbc:PayableAmount>`,
      );
    expect(refusal(xml('1656.251')).details).toMatchObject({ reason: 'too_many_decimals' });
    expect(fromUbl(xml('1656.2500')).totals.payable).toBe(165625n);
  });

  it('a quantity or a price that is not a number', () => {
    const xml = base.replace(
      '<cbc:PriceAmount currencyID="EUR">400</cbc:PriceAmount>',
      '<cbc:PriceAmount currencyID="EUR">four</cbc:PriceAmount>',
    );
    expect(refusal(xml)).toMatchObject({
      code: 'EINVOICE_INVALID_NUMBER',
      details: { element: 'cbc:PriceAmount' },
    });
  });

  it('an unsupported currency, or an amount in another currency', () => {
    const currency = base.replace(
      '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
      '<cbc:DocumentCurrencyCode>XYZ</cbc:DocumentCurrencyCode>',
    );
    expect(refusal(currency)).toMatchObject({ code: 'EINVOICE_UNSUPPORTED_CURRENCY' });
    const mixed = base.replace(
      '<cbc:PayableAmount currencyID="EUR">',
      '<cbc:PayableAmount currencyID="USD">',
    );
    expect(refusal(mixed)).toMatchObject({
      code: 'EINVOICE_CURRENCY_MISMATCH',
      details: { currency: 'USD' },
    });
  });

  it('a date that is not a date, a VAT category EN 16931 does not know', () => {
    expect(refusal(base.replace('2017-12-01</cbc:DueDate>', '2017-02-30</cbc:DueDate>'))).toMatchObject({
      code: 'EINVOICE_INVALID_DATE',
    });
    const category = base.replace('<cbc:ID>S</cbc:ID>', '<cbc:ID>X</cbc:ID>');
    expect(refusal(category)).toMatchObject({ code: 'EINVOICE_UNSUPPORTED_TAX_CATEGORY' });
  });
});

describe('fromUbl reads what XML allows', () => {
  it('any prefixes for the UBL namespaces, character references, CDATA', () => {
    const prefixed = base
      .replace(/<(\/?)cbc:/g, '<$1b:')
      .replace(/xmlns:cbc=/, 'xmlns:b=')
      .replace(
        '<Invoice ',
        '<ubl:Invoice xmlns:ubl="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" ',
      )
      .replace('</Invoice>', '</ubl:Invoice>')
      .replace('<b:Name>item name</b:Name>', '<b:Name><![CDATA[item <b> & co]]></b:Name>')
      .replace(
        '<b:Description>Description of item</b:Description>',
        '<b:Description>&#233;&#x20AC; &amp;#38;</b:Description>',
      );
    const doc = fromUbl(prefixed);
    expect(doc.totals.payable).toBe(165625n);
    expect(doc.lines[0]!.name).toBe('item <b> & co');
    expect(doc.lines[0]!.description).toBe('é€ &#38;');
  });
});

describe('toUbl escaping and XSD', () => {
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml(`a&b<c>"d'\u0001e`)).toBe('a&amp;b&lt;c&gt;&quot;d&apos;e');
    const doc = fromUbl(base);
    doc.seller.name = 'Smith & Sons <Ltd> "quoted" \'x\' \u0007';
    const back = fromUbl(toUbl(doc));
    expect(back.seller.name).toBe('Smith & Sons <Ltd> "quoted" \'x\'');
  });

  it('the XSD check catches elements out of order', async () => {
    const swapped = base
      .replace('<cbc:ID>Snippet1</cbc:ID>', '')
      .replace(
        '<cbc:IssueDate>2017-11-13</cbc:IssueDate>',
        '<cbc:IssueDate>2017-11-13</cbc:IssueDate><cbc:ID>Snippet1</cbc:ID>',
      );
    const [result] = await validateUbl([swapped]);
    expect(result!.valid).toBe(false);
    expect(result!.errors.join('\n')).toContain('IssueDate');
  });
});

describe('fromUbl on damaged files', () => {
  it('a base quantity of zero is refused, not divided by', () => {
    const xml = base.replace(
      '<cbc:PriceAmount currencyID="EUR">400</cbc:PriceAmount>',
      '<cbc:PriceAmount currencyID="EUR">400</cbc:PriceAmount><cbc:BaseQuantity>0</cbc:BaseQuantity>',
    );
    expect(refusal(xml)).toMatchObject({
      code: 'EINVOICE_INVALID_NUMBER',
      details: { element: 'cbc:BaseQuantity' },
    });
  });

  it('any cut, insertion or deletion gives a document or an AppError, never another exception', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: base.length }),
        fc.nat({ max: 200 }),
        fc.string({
          maxLength: 12,
          unit: fc.constantFrom('<', '>', '/', '&', ';', '"', 'a', '1', '.', '-', ' ', ':', '#'),
        }),
        (at, remove, insert) => {
          const damaged = base.slice(0, at) + insert + base.slice(at + remove);
          try {
            const doc = fromUbl(damaged);
            checkTotals(doc);
          } catch (error) {
            expect(error).toBeInstanceOf(AppError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
