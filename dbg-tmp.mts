import { readFileSync } from 'node:fs';
import { parseEml } from './src/providers/mail/parse-eml.js';
import { deliveryVerdict } from './src/pipeline/tracker/machine/delivery.js';
import { isAutomatic } from './src/pipeline/tracker/machine/automatic.js';
import { fromMailSystem } from './src/pipeline/tracker/machine/bounce-signals.js';
const m = await parseEml(readFileSync(process.argv[2]!));
console.log(JSON.stringify(m.text.slice(0, 400)), m.from, m.fromName, isAutomatic(m), fromMailSystem(m), deliveryVerdict(m));
