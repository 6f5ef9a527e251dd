import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError } from '../../core/errors.ts';
import { projectRoot } from '../../core/paths.ts';

// XSD validation through libxml2's xmllint (Debian libxml2-utils; CI installs it). One process
// checks a whole batch, since starting xmllint costs more than validating an invoice.

/** The UBL 2.1 schema set kept beside the checkout (../shared/testdata/ubl21-xsd), or UBL_XSD_DIR. */
export function ublSchemaDir(): string {
  return process.env.UBL_XSD_DIR ?? path.resolve(projectRoot(), '../shared/testdata/ubl21-xsd');
}

export type UblSchema = 'invoice' | 'credit_note';

export function ublSchemaPath(schema: UblSchema): string {
  const file = schema === 'invoice' ? 'UBL-Invoice-2.1.xsd' : 'UBL-CreditNote-2.1.xsd';
  return path.join(ublSchemaDir(), 'maindoc', file);
}

/** The schema a UBL text needs, from its root element; undefined when it is neither. */
export function ublSchemaOf(xml: string): UblSchema | undefined {
  const root = /<(?:[A-Za-z_][\w.-]*:)?(Invoice|CreditNote)[\s>]/.exec(xml.slice(0, 4096));
  if (!root) return undefined;
  return root[1] === 'Invoice' ? 'invoice' : 'credit_note';
}

export interface XsdResult {
  valid: boolean;
  /** xmllint's messages for this document, with the line numbers of the text. */
  errors: string[];
}

function run(args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile('xmllint', args, { maxBuffer: 64 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT')
        reject(
          new AppError(
            'unavailable',
            'XMLLINT_MISSING',
            'xmllint is not installed; install libxml2-utils to validate XML against its schema.',
          ),
        );
      else resolve({ code: typeof error?.code === 'number' ? error.code : 0, stderr });
    });
  });
}

/** Validates several documents against one XSD file with a single xmllint process. */
export async function validateAgainstXsd(documents: string[], schemaPath: string): Promise<XsdResult[]> {
  if (documents.length === 0) return [];
  const dir = await mkdtemp(path.join(tmpdir(), 'ordo-xsd-'));
  try {
    const files = documents.map((_, index) => path.join(dir, `doc-${index}.xml`));
    await Promise.all(documents.map((xml, index) => writeFile(files[index]!, xml)));
    const { stderr } = await run(['--noout', '--nonet', '--schema', schemaPath, ...files]);
    if (/failed to compile|Schemas parser error|WXS schema .* failed/i.test(stderr))
      throw new AppError('unavailable', 'XSD_UNUSABLE', `The schema ${schemaPath} could not be loaded.`, {
        schemaPath,
        output: stderr.slice(0, 2000),
      });
    const lines = stderr.split('\n');
    return files.map((file) => {
      const mine = lines.filter((line) => line.startsWith(file));
      const valid = mine.some((line) => line === `${file} validates`);
      const errors = mine
        .filter((line) => !line.endsWith(' validates') && !line.endsWith(' fails to validate'))
        .map((line) => line.slice(file.length + 1));
      return { valid: valid && errors.length === 0, errors };
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Validates UBL invoices and credit notes, each against the schema of its root element. */
export async function validateUbl(documents: string[]): Promise<XsdResult[]> {
  const results: XsdResult[] = new Array(documents.length);
  for (const schema of ['invoice', 'credit_note'] as const) {
    const indexes = documents.flatMap((xml, index) => (ublSchemaOf(xml) === schema ? [index] : []));
    const checked = await validateAgainstXsd(
      indexes.map((index) => documents[index]!),
      ublSchemaPath(schema),
    );
    indexes.forEach((index, k) => {
      results[index] = checked[k]!;
    });
  }
  documents.forEach((_, index) => {
    results[index] ??= {
      valid: false,
      errors: ['the root element is neither a UBL Invoice nor a CreditNote'],
    };
  });
  return results;
}
