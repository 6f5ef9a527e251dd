import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import {
  decodeBytes,
  guessDecimalSeparator,
  parseAmount,
  parseDate,
  plainDecimal,
  readCsv,
  resolveMapping,
  suggestMapping,
} from './csv-mapping.domain.ts';
import { CUSTOMER_FIELDS } from './customer-import.service.ts';
import { INVOICE_FIELDS } from './invoice-import.service.ts';

const code = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'OK';
};

describe('reading CSV files', () => {
  it('decodes UTF-8 with and without BOM, UTF-16 with BOM, and Windows-1252', () => {
    const text = 'name\nSociété Générale — Zürich\n';
    expect(decodeBytes(new TextEncoder().encode(text))).toEqual({ text, encoding: 'utf-8' });
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(decodeBytes(bom)).toEqual({ text, encoding: 'utf-8' });
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, 'utf16le'))]);
    expect(decodeBytes(utf16)).toEqual({ text, encoding: 'utf-16le' });
    // Windows-1252: é is 0xE9, the em dash 0x97, ü 0xFC; none of it valid UTF-8.
    const cp1252 = new Uint8Array([
      ...Buffer.from('name\nSoci'),
      0xe9,
      ...Buffer.from('t'),
      0xe9,
      ...Buffer.from(' G'),
      0xe9,
      ...Buffer.from('n'),
      0xe9,
      ...Buffer.from('rale '),
      0x97,
      ...Buffer.from(' Z'),
      0xfc,
      ...Buffer.from('rich\n'),
    ]);
    expect(decodeBytes(cp1252)).toEqual({ text, encoding: 'windows-1252' });
  });

  it('splits on the delimiter the header uses, keeps quoted commas and line breaks, numbers rows as a spreadsheet does', () => {
    const table = readCsv('Name;Notes;Amount\n"Acme; Ltd";"two\nlines";"1.234,50"\n\n;;\nBeta;x;2\n');
    expect(table.delimiter).toBe(';');
    expect(table.headers).toEqual(['Name', 'Notes', 'Amount']);
    expect(table.rows).toEqual([
      { row: 2, cells: ['Acme; Ltd', 'two\nlines', '1.234,50'] },
      { row: 5, cells: ['Beta', 'x', '2'] },
    ]);
    expect(readCsv("name,phone\nA,'+44 20 7946 0000\n").rows[0]!.cells).toEqual(['A', '+44 20 7946 0000']);
    expect(code(() => readCsv('a,b\n"open,1\n'))).toBe('CSV_MALFORMED');
    expect(code(() => readCsv('\n'))).toBe('CSV_EMPTY');
  });
});

describe('mapping columns onto fields', () => {
  it('suggests a mapping from common header spellings, each header used once', () => {
    const headers = [
      'Company',
      'E-mail Address',
      'VAT number',
      'Post code',
      'Country',
      'Phone',
      'Customer ID',
      'Whatever',
    ];
    expect(suggestMapping(headers, CUSTOMER_FIELDS)).toEqual({
      externalRef: 'Customer ID',
      name: 'Company',
      email: 'E-mail Address',
      phone: 'Phone',
      taxId: 'VAT number',
      postalCode: 'Post code',
      country: 'Country',
    });
    const invoice = [
      'Invoice #',
      'Customer',
      'Date',
      'Due date',
      'Description',
      'Qty',
      'Unit price',
      'VAT rate',
      'SKU',
    ];
    expect(suggestMapping(invoice, INVOICE_FIELDS)).toEqual({
      reference: 'Invoice #',
      customerName: 'Customer',
      issueDate: 'Date',
      dueDate: 'Due date',
      item: 'SKU',
      description: 'Description',
      quantity: 'Qty',
      unitPrice: 'Unit price',
      taxRate: 'VAT rate',
    });
  });

  it('takes headers or column numbers, and names what is wrong', () => {
    const headers = ['Name', 'Mail'];
    expect([...resolveMapping(headers, { name: 'name', email: 2 }, CUSTOMER_FIELDS)]).toEqual([
      ['name', 0],
      ['email', 1],
    ]);
    expect(code(() => resolveMapping(headers, { email: 'Mail' }, CUSTOMER_FIELDS))).toBe('MAPPING_REQUIRED');
    expect(code(() => resolveMapping(headers, { name: 'Nom' }, CUSTOMER_FIELDS))).toBe('UNKNOWN_COLUMN');
    expect(code(() => resolveMapping(headers, { name: 3 }, CUSTOMER_FIELDS))).toBe('UNKNOWN_COLUMN');
    expect(code(() => resolveMapping(headers, { name: 'Name', colour: 'Mail' }, CUSTOMER_FIELDS))).toBe(
      'UNKNOWN_IMPORT_FIELD',
    );
  });
});

describe('cell values', () => {
  it('reads dates in the stated format only, and only real ones', () => {
    expect(parseDate('2026-03-31', 'YYYY-MM-DD')).toBe('2026-03-31');
    expect(parseDate('31/03/2026', 'DD/MM/YYYY')).toBe('2026-03-31');
    expect(parseDate('3/1/2026', 'MM/DD/YYYY')).toBe('2026-03-01');
    expect(parseDate('1.3.2026', 'DD.MM.YYYY')).toBe('2026-03-01');
    expect(code(() => parseDate('31/02/2026', 'DD/MM/YYYY'))).toBe('INVALID_DATE');
    expect(code(() => parseDate('2026-03-31', 'DD/MM/YYYY'))).toBe('INVALID_DATE');
  });

  it('reads amounts with a decimal point or a decimal comma, exactly', () => {
    expect(parseAmount('1,234.50', 'EUR', '.')).toBe(123450n);
    expect(parseAmount('1.234,50', 'EUR', ',')).toBe(123450n);
    expect(parseAmount('1 234,5', 'EUR', ',')).toBe(123450n);
    expect(parseAmount('€12,00', 'EUR', ',')).toBe(1200n);
    expect(parseAmount('-0.05', 'GBP', '.')).toBe(-5n);
    expect(parseAmount('1500', 'JPY', '.')).toBe(1500n);
    expect(code(() => parseAmount('12,5', 'EUR', '.'))).toBe('INVALID_NUMBER');
    expect(code(() => parseAmount('1.5', 'EUR', ','))).toBe('INVALID_NUMBER');
    expect(code(() => parseAmount('1.234', 'EUR', '.'))).toBe('INVALID_AMOUNT');
    expect(code(() => parseAmount('abc', 'EUR', '.'))).toBe('INVALID_NUMBER');
    expect(plainDecimal('2,5', ',')).toBe('2.5');
    expect(plainDecimal('20%', '.')).toBe('20');
  });

  it("guesses the file's decimal separator from its numbers", () => {
    expect(guessDecimalSeparator(['2', '1.234,50'])).toBe(',');
    expect(guessDecimalSeparator(['2', '12,5'])).toBe(',');
    expect(guessDecimalSeparator(['1,234.50'])).toBe('.');
    expect(guessDecimalSeparator(['1,234', '3'])).toBe('.');
  });
});
