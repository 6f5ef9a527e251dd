import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../core/paths.ts';
import { validateAgainstXsd } from '../einvoice/index.ts';
import { type Pain001Input, pain001SchemaPath, sepaText, toPain001 } from './pain001.writer.ts';

// pain.001.001.03 files validate against the ISO 20022 schema in ../shared/testdata/iso20022-pain:
// a worked example and 100 random runs (names with accents and markup, BIC or none, many payments).

const schema = pain001SchemaPath(path.resolve(projectRoot()));

const example: Pain001Input = {
  messageId: 'RUN-2026-0001',
  createdAt: new Date('2026-05-04T09:30:00Z'),
  executionDate: '2026-05-05',
  currency: 'EUR',
  debtorName: 'Acme Widgets Limited',
  debtorIban: 'DE89370400440532013000',
  debtorBic: 'COBADEFFXXX',
  payments: [
    {
      endToEndId: 'bpy_01jx',
      amount: 123456n,
      creditorName: 'Müller & Söhne <GmbH>',
      creditorIban: 'FR1420041010050500013M02606',
      creditorBic: null,
      remittance: 'BILL-2026-0001 INV 77',
    },
    {
      endToEndId: 'bpy_01jy',
      amount: 50n,
      creditorName: 'Paper Mill Ltd',
      creditorIban: 'GB82WEST12345698765432',
      creditorBic: 'NWBKGB2L',
      remittance: '',
    },
  ],
};

describe('pain.001.001.03', () => {
  it('writes a file the schema accepts, with the count and control sum', async () => {
    const xml = toPain001(example);
    expect(xml).toContain('<NbOfTxs>2</NbOfTxs><CtrlSum>1235.06</CtrlSum>');
    expect(xml).toContain('<Nm>Muller Sohne GmbH</Nm>');
    expect(xml).toContain('<EndToEndId>bpy-01jx</EndToEndId>');
    expect(await validateAgainstXsd([xml], schema)).toEqual([{ valid: true, errors: [] }]);
  });

  it('the schema refuses a broken file (the check is real)', async () => {
    const broken = toPain001(example).replace('<ChrgBr>SLEV</ChrgBr>', '<ChrgBr>NOPE</ChrgBr>');
    const [result] = await validateAgainstXsd([broken], schema);
    expect(result!.valid).toBe(false);
  });

  it('property: random runs validate', async () => {
    const payment = fc.record({
      endToEndId: fc.string({ minLength: 1, maxLength: 60 }),
      amount: fc.bigInt({ min: 1n, max: 99_999_999_999n }),
      creditorName: fc.string({ minLength: 1, maxLength: 100 }),
      creditorIban: fc.constantFrom('DE89370400440532013000', 'GB82WEST12345698765432', 'NL91ABNA0417164300'),
      creditorBic: fc.constantFrom(null, 'NWBKGB2L', 'ABNANL2AXXX'),
      remittance: fc.string({ maxLength: 200 }),
    });
    const runs = fc.sample(
      fc.record({
        messageId: fc.string({ minLength: 1, maxLength: 40 }),
        createdAt: fc.constant(new Date('2026-01-01T00:00:00Z')),
        executionDate: fc.constant('2026-01-02'),
        currency: fc.constant('EUR'),
        debtorName: fc.string({ minLength: 1, maxLength: 90 }),
        debtorIban: fc.constant('DE89370400440532013000'),
        debtorBic: fc.constantFrom(null, 'COBADEFFXXX'),
        payments: fc.array(payment, { minLength: 1, maxLength: 5 }),
      }),
      100,
    );
    const results = await validateAgainstXsd(runs.map(toPain001), schema);
    const failed = results.map((r, i) => ({ ...r, i })).filter((r) => !r.valid);
    expect(failed.slice(0, 2).map((f) => [f.errors, toPain001(runs[f.i]!)])).toEqual([]);
  });

  it('SEPA text: accents dropped, other characters spaces, cut', () => {
    expect(sepaText('Zoë & Co. <b>ÅB</b>', 70)).toBe('Zoe Co. b AB /b');
    expect(sepaText('x'.repeat(50), 35)).toHaveLength(35);
  });
});
