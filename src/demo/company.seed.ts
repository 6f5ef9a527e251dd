import { systemActor } from '../core/actor.ts';
import { setCompanyLogo, updateCompanyProfile } from '../modules/company/index.ts';
import type { Services } from '../services.ts';
import { encodePng, type Rgba } from './png.ts';

/** The demo organization's company profile: a UK company with a fiscal year from 6 April. */
export async function seedCompany(services: Services, orgId: string): Promise<void> {
  const actor = systemActor(orgId, 'demo-seed');
  const { db } = services.store;
  await updateCompanyProfile(db, actor, {
    legalName: 'Demo Trading Ltd',
    tradingName: 'Demo Trading',
    address: {
      line1: '12 Market Street',
      line2: 'Unit 4',
      city: 'Manchester',
      region: 'Greater Manchester',
      postalCode: 'M1 1AA',
      country: 'GB',
    },
    country: 'GB',
    baseCurrency: 'GBP',
    fiscalYearStart: '04-06',
    taxIds: [
      { scheme: 'VAT', value: 'GB123456789' },
      { scheme: 'CRN', value: '01234567' },
    ],
    email: 'hello@demo-trading.example',
    phone: '+44 161 496 0000',
    website: 'https://demo-trading.example',
  });
  await setCompanyLogo(db, actor, { contentType: 'image/png', bytes: demoLogoPng() });
}

const TEAL: Rgba = [15, 118, 110, 255];
const WHITE: Rgba = [255, 255, 255, 255];

/** A teal rounded square with a white "D", anti-aliased by 4×4 supersampling. */
export function demoLogoPng(size = 128): Buffer {
  const inSquare = (x: number, y: number) => {
    const dx = Math.max(Math.abs(x - 0.5) - 0.3, 0);
    const dy = Math.max(Math.abs(y - 0.5) - 0.3, 0);
    return dx * dx + dy * dy <= 0.2 * 0.2;
  };
  const inLetter = (x: number, y: number) => {
    if (x >= 0.3 && x <= 0.42 && y >= 0.25 && y <= 0.75) return true; // stem
    if (x >= 0.3 && x <= 0.47 && ((y >= 0.25 && y <= 0.37) || (y >= 0.63 && y <= 0.75))) return true; // bars
    const r = Math.hypot(x - 0.47, y - 0.5);
    return x >= 0.47 && r <= 0.25 && r >= 0.13; // bowl
  };
  const samples = 4;
  return encodePng(size, size, (px, py) => {
    let square = 0;
    let letter = 0;
    for (let sy = 0; sy < samples; sy++)
      for (let sx = 0; sx < samples; sx++) {
        const x = (px + (sx + 0.5) / samples) / size;
        const y = (py + (sy + 0.5) / samples) / size;
        if (inSquare(x, y)) {
          square++;
          if (inLetter(x, y)) letter++;
        }
      }
    if (square === 0) return [0, 0, 0, 0];
    const t = letter / square;
    const mix = (i: number) => Math.round(TEAL[i]! * (1 - t) + WHITE[i]! * t);
    return [mix(0), mix(1), mix(2), Math.round((255 * square) / samples ** 2)];
  });
}
