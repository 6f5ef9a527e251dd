// `npm run api:types`: regenerates the web app's API types after a route or contract changes.
import { writeFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes } from '../src/api/api-types.ts';

writeFileSync(API_TYPES_FILE, await generateApiTypes());
console.log(`Wrote ${API_TYPES_FILE}`);
